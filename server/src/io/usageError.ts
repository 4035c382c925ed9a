// A failure the user fixes (a wrong argument, an unreadable file): the CLI prints one line and exits 2.
export class UsageError extends Error {}
