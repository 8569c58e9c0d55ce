// The case loop's public surface: the state machine, deadlines, the urgent rule, input checks
// and the duplicate hint.
export * from './actor'
export * from './duplicates'
export * from './handlers'
export * from './machine'
export * from './transitionsSql'
export * from './urgent'
export * from './validate'
export * from './workingTime'
