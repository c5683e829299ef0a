/**
 * What went wrong around a job the inspector runs: the error of starting or cancelling it (an
 * alert), and trouble following it (a status that clears once a poll gets through again).
 */
export function JobMessages({ error, pollError }: { error?: string; pollError?: string }) {
  return (
    <>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {pollError && (
        <p className="error" role="status">
          {pollError}
        </p>
      )}
    </>
  );
}
