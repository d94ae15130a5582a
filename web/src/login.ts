/** The login page: fetches a CSRF token, posts the credentials, then goes where the user was headed. */
const form = document.getElementById('login') as HTMLFormElement;
const message = document.getElementById('message') as HTMLElement;
let csrf = '';

async function token(): Promise<void> {
  const res = await fetch('/api/csrf', { credentials: 'same-origin' });
  csrf = ((await res.json()) as { csrfToken: string }).csrfToken;
}

function next(): string {
  const n = new URLSearchParams(location.search).get('next') ?? '/';
  return n.startsWith('/') && !n.startsWith('//') ? n : '/';
}

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  const data = new FormData(form);
  message.textContent = 'Logging in…';
  const res = await fetch('/api/login', {
    method: 'POST', credentials: 'same-origin',
    headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
    body: JSON.stringify({ email: String(data.get('email') ?? ''), password: String(data.get('password') ?? '') }),
  });
  if (res.ok) return location.assign(next());
  const body = (await res.json().catch(() => ({}))) as { error?: string };
  message.textContent = res.status === 429 ? 'Too many attempts: wait a few minutes and try again.' : (body.error ?? `Login failed (HTTP ${res.status})`);
  await token();
});

void token();
