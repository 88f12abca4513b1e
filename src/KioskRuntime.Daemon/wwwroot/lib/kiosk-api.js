// The local API client shared by the customer screen and the technician page. No dependencies, no build step.
// The per-boot token arrives once in the URL fragment (#token=…, never sent to a server), is kept in sessionStorage for this tab,
// and goes in an Authorization header; the event stream is read with fetch (EventSource cannot send headers).

const KEY = 'kiosk-screen-token';

export function token() {
  const hash = new URLSearchParams(location.hash.slice(1));
  const fromHash = hash.get('token');
  if (fromHash) {
    sessionStorage.setItem(KEY, fromHash);
    history.replaceState(null, '', location.pathname + location.search);
  }
  return sessionStorage.getItem(KEY) ?? '';
}

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.message ?? `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

async function call(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: { Authorization: `Bearer ${token()}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
    cache: 'no-store',
  });
  const json = await response.json().catch(() => null);
  if (!response.ok && response.status !== 409) {
    throw new ApiError(response.status, json);
  }
  return json;
}

export const api = {
  state: () => call('GET', '/api/v1/state'),
  technician: () => call('GET', '/api/v1/technician'),
  products: (q) => call('GET', `/api/v1/products?q=${encodeURIComponent(q)}`),
  scan: (code) => call('POST', '/api/v1/scan', { code }),
  addItem: (item) => call('POST', '/api/v1/items', item),
  checkout: () => call('POST', '/api/v1/checkout'),
  cancel: () => call('POST', '/api/v1/cancel'),
};

// Reads the server-sent event stream and calls onEvent(kind, data); reconnects for ever (1 s, then up to 5 s apart). Every (re)connection
// starts with the full state, so a screen that lost kioskd (restart, crash) shows the truth as soon as it is back. onLink(bool) says
// whether the stream is connected.
export function follow(onEvent, onLink) {
  let delay = 1000;
  const run = async () => {
    try {
      const response = await fetch('/api/v1/events', { headers: { Authorization: `Bearer ${token()}` }, cache: 'no-store' });
      if (!response.ok || !response.body) {
        throw new ApiError(response.status, null);
      }
      onLink(true, response.status);
      delay = 1000;
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          let kind = 'message';
          const data = [];
          for (const line of block.split('\n')) {
            if (line.startsWith('event: ')) kind = line.slice(7);
            else if (line.startsWith('data: ')) data.push(line.slice(6));
          }
          if (data.length) onEvent(kind, JSON.parse(data.join('\n')));
        }
      }
      onLink(false, 0);
    } catch (e) {
      onLink(false, e instanceof ApiError ? e.status : 0);
    }
    setTimeout(run, delay);
    delay = Math.min(delay * 2, 5000);
  };
  run();
}

export const money = (amount, locale) =>
  new Intl.NumberFormat(locale, { style: 'currency', currency: 'NOK' }).format(Number(amount));
