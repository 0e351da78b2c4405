"use client";

/** The last resort when the root layout itself fails: plain markup, no app styles or data. */
export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body style={{ fontFamily: "system-ui, sans-serif", padding: "2rem", maxWidth: "40rem", margin: "0 auto" }}>
        <h1>Seatwatch could not load</h1>
        <p>Something went wrong on our side{error.digest ? ` (reference ${error.digest})` : ""}. Your watches and alerts are safe.</p>
        <button type="button" onClick={reset} style={{ padding: "0.5rem 1rem" }}>
          Try again
        </button>
      </body>
    </html>
  );
}
