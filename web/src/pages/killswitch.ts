import { api } from '../lib/api.ts';
import { card, h, link, money, table, when } from '../lib/dom.ts';
import type { Throttled } from '../lib/types.ts';

/** A modal confirmation (native <dialog>: focus trapped, Escape cancels). Resolves true on confirm. */
export function confirmDialog(title: string, body: string, confirmLabel: string): Promise<boolean> {
  return new Promise((resolve) => {
    const dialog = h('dialog', { class: 'confirm', 'aria-labelledby': 'confirm-title' },
      h('h2', { id: 'confirm-title' }, title), h('p', {}, body),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'secondary', 'data-action': 'cancel', onclick: () => dialog.close('cancel') }, 'Cancel'),
        h('button', { type: 'button', class: 'danger', 'data-action': 'confirm', onclick: () => dialog.close('confirm') }, confirmLabel)));
    dialog.addEventListener('close', () => { resolve(dialog.returnValue === 'confirm'); dialog.remove(); });
    document.body.append(dialog);
    dialog.showModal();
  });
}

export async function killSwitchPage(root: HTMLElement): Promise<void> {
  const data = await api<{ available: boolean; functions: Throttled[] }>('/api/throttled');
  const status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
  const render = (fns: Throttled[]) => table(['Function', 'Account', 'Region', 'Throttled', 'By', 'Why', 'Concurrency before', 'Saved', ''], fns.map((f) => [
    h('span', { title: f.functionArn }, f.functionName), link(`#/account/${f.accountId}`, f.accountName ?? f.accountId), f.region, when(f.throttledAt), f.throttledBy, f.reason,
    f.previousConcurrency === null ? 'unreserved' : String(f.previousConcurrency), money(f.savedUsd),
    h('button', { type: 'button', class: 'danger', 'data-restore': f.id, onclick: () => void restore(f) }, 'Restore'),
  ]), { empty: data.available ? 'No function is throttled.' : 'The kill switch is not installed in this version.', id: 'throttled' });
  const holder = h('div', {}, render(data.functions));
  async function restore(f: Throttled): Promise<void> {
    const prev = f.previousConcurrency === null ? 'unreserved concurrency' : `a reserved concurrency of ${f.previousConcurrency}`;
    if (!(await confirmDialog(`Restore ${f.functionName}?`, `It goes back to ${prev} and may run away again if the loop is not fixed.`, 'Restore'))) return;
    status.textContent = `Restoring ${f.functionName}…`;
    try {
      await api(`/api/throttled/${f.id}/restore`, { method: 'POST', body: {} });
      const fresh = await api<{ functions: Throttled[] }>('/api/throttled');
      holder.replaceChildren(render(fresh.functions));
      status.textContent = `${f.functionName} restored.`;
    } catch (err) {
      status.textContent = `Could not restore ${f.functionName}: ${(err as Error).message}`;
    }
  }
  root.replaceChildren(h('h1', {}, 'Kill switch'), card('Throttled functions', status, holder));
}
