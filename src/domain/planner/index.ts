export * from './checkRows'
// The planner page's pure side: siting instances from the territory, demand, figures, engine edits
// between proposed sets, and patrol plans on the run's hot spots.
export * from './demand'
export * from './editList'
export * from './edits'
export * from './figures'
export * from './patrol'
export * from './response'
export * from './schedule'
export * from './siting'
