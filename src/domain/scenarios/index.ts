// Planning scenarios: edits of cameras and routes, their validation and application, the figures'
// comparison and the exports.
export * from './apply'
export * from './compare'
export * from './export'
export * from './scenario'
export * from './validate'
