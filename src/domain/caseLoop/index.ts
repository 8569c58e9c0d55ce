// The case loop's public surface: the state machine, deadlines, the urgent rule, input checks,
// the duplicate hint and photo checks.
export * from './actingFor'
export * from './actor'
export * from './duplicates'
export * from './handlers'
export * from './machine'
export * from './notices'
export * from './photos'
export * from './photoShrink'
export * from './transitionsSql'
export * from './urgent'
export * from './validate'
export * from './workingTime'
