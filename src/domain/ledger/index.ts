// The ledger (台账) export: rows with Chinese headers, and the CSV and .xlsx files made from them.
export * from './csv'
export * from './ledger'
export * from './xlsx'
