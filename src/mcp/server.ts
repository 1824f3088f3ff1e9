export async function serveStdio(_a: unknown, _s: AbortSignal): Promise<void> {}
