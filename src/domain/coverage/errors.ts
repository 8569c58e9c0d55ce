/** Input the coverage engine refuses: `where` names the record and field, e.g. "camera C-12 .fov". */
export class CoverageInputError extends Error {
  override readonly name = 'CoverageInputError'
  constructor(readonly where: string, reason: string) {
    super(`${where}: ${reason}`)
  }
}
