/** An admin API failure the inspector can show as is: a status and a sentence. */
export class AdminError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
  static notFound = (message: string) => new AdminError(404, message);
  static badRequest = (message: string) => new AdminError(400, message);
  static conflict = (message: string) => new AdminError(409, message);
}
