import { api, setCsrf } from './lib/api.ts';
import { clear, errorBox, h, loading } from './lib/dom.ts';
import { accountPage } from './pages/account.ts';
import { healthPage } from './pages/health.ts';
import { idlePage } from './pages/idle.ts';
import { incidentsPage } from './pages/incidents.ts';
import { killSwitchPage } from './pages/killswitch.ts';
import { overviewPage } from './pages/overview.ts';

const NAV: Array<[string, string]> = [['#/overview', 'Overview'], ['#/incidents', 'Incidents'], ['#/kill-switch', 'Kill switch'], ['#/idle', 'Idle'], ['#/health', 'Health']];

function route(hash: string, root: HTMLElement): Promise<void> {
  const [, page = 'overview', arg] = hash.replace(/^#\/?/, '#/').split('/');
  switch (page) {
    case 'incidents': return incidentsPage(root);
    case 'kill-switch': return killSwitchPage(root);
    case 'idle': return idlePage(root, arg ? decodeURIComponent(arg) : undefined);
    case 'health': return healthPage(root);
    case 'account': return accountPage(root, decodeURIComponent(arg ?? ''));
    default: return overviewPage(root);
  }
}

async function start(): Promise<void> {
  const me = await api<{ email: string | null; role: string; csrfToken: string }>('/api/session');
  setCsrf(me.csrfToken);
  const main = h('main', { id: 'main', tabindex: '-1' });
  const links = NAV.map(([href, text]) => h('a', { href }, text));
  const logout = h('button', { type: 'button', class: 'secondary', onclick: async () => { await api('/api/logout', { method: 'POST' }); location.assign('/login'); } }, 'Log out');
  document.body.replaceChildren(
    h('a', { class: 'skip', href: '#main', onclick: (e: Event) => { e.preventDefault(); main.focus(); } }, 'Skip to content'),
    h('header', { class: 'top' }, h('span', { class: 'brand' }, 'Sandbox Warden'), h('nav', { 'aria-label': 'Pages' }, ...links),
      h('span', { class: 'who' }, `${me.email ?? 'token'} (${me.role})`), logout),
    main,
  );
  const show = async () => {
    const hash = location.hash || '#/overview';
    for (const a of links) a.toggleAttribute('aria-current', hash.startsWith(a.getAttribute('href')!));
    document.body.dataset.ready = '';
    clear(main, loading());
    try {
      await route(hash, main);
    } catch (err) {
      clear(main, errorBox(err));
    }
    document.body.dataset.ready = hash.split('/')[1] ?? 'overview';
    window.wardenReadyAt = performance.now();
  };
  window.addEventListener('hashchange', () => void show());
  await show();
}

declare global {
  interface Window { wardenReadyAt?: number }
}

void start();
