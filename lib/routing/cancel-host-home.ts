// The cancel host's root (`cancel.<host>/`): someone who trimmed a cancellation link to its host
// learns what the address is for. Static: it names no merchant, runs no script and links nowhere
// (the 404 it replaces offered a "home page" link to itself). middleware.ts serves it.

const STYLE = [
  "*{box-sizing:border-box}",
  "body{margin:0;min-height:100dvh;display:flex;align-items:center;justify-content:center;padding:48px 16px;background:#f8fafc;color:#0f172a;font:16px/1.6 ui-sans-serif,system-ui,-apple-system,'Segoe UI',Roboto,sans-serif}",
  "main{width:100%;max-width:28rem;background:#fff;border:1px solid #e2e8f0;border-radius:12px;padding:32px;box-shadow:0 1px 2px rgb(15 23 42/.06)}",
  "h1{margin:0;font-size:1.5rem;line-height:1.3;font-weight:600;letter-spacing:-.01em}",
  "p{margin:12px 0 0;color:#475569}",
  "footer{margin-top:24px;text-align:center;font-size:.75rem;color:#64748b}",
].join("");

export const CANCEL_HOST_HOME_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>Cancellation links</title>
<style>${STYLE}</style>
</head>
<body>
<div>
<main>
<h1>This address serves cancellation links</h1>
<p>Subscription services use RetentBase for their cancellation pages. Each link comes from the service you are cancelling, made for you when you choose to cancel in your account there.</p>
<p>To cancel a subscription, sign in to the service you subscribe to and start from its account or billing settings. Nothing on this page changes a subscription.</p>
</main>
<footer>Secured by RetentBase.</footer>
</div>
</body>
</html>
`;

/** No scripts at all; the one inline style sheet above is the page's only resource. */
export const CANCEL_HOST_HOME_HEADERS: Record<string, string> = {
  "content-type": "text/html; charset=utf-8",
  "content-security-policy":
    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
};
