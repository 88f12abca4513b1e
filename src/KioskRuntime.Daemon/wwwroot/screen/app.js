// The reference customer screen: renders kioskd's state (from the event stream) and sends the customer's commands to the local API.
// Everything the screen shows comes from kioskd; the screen keeps no sale state of its own (a reload or a kioskd restart shows the truth).
import { api, follow, money, token } from '../lib/kiosk-api.js';

const $ = (id) => document.getElementById(id);
let texts = {};
let state = null;
let busy = false;
let dismissedReceipt = null;
let noticeTimer = 0;

const t = (key, values = {}) => (texts[key] ?? key).replace(/\{(\w+)\}/g, (_, k) => values[k] ?? '');
const fmt = (amount) => money(amount, texts.locale ?? 'nb-NO');
const qty = (q) => Number(q).toLocaleString(texts.locale ?? 'nb-NO', { maximumFractionDigits: 3 });

async function loadTexts(lang) {
  texts = await (await fetch(`texts/${lang}.json`, { cache: 'no-cache' })).json();
  localStorage.setItem('kiosk-screen-lang', lang);
  document.documentElement.lang = texts.lang;
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  $('lang').textContent = texts.switchTo;
  $('lang').lang = texts.switchLang;
  render();
}

function notice(text, kind) {
  const el = $('notice');
  el.textContent = text;
  el.className = `notice ${kind} shown`;
  clearTimeout(noticeTimer);
  noticeTimer = setTimeout(() => { el.className = 'notice'; el.textContent = ''; }, 5000);
}

function view() {
  if (!state) return 'attract';
  const p = state.payment;
  const r = state.receipt;
  if (busy || (p && (p.phase === 'present-card' || p.phase === 'terminal'))) return 'pay';
  // A receipt after the cart emptied: a sale (approved) or a refund (no card step on the screen) ended; "Takk!" until dismissed.
  if (state.cart.items === 0 && !state.cart.mode.startsWith('return') && r && (!p || p.phase === 'approved') && dismissedReceipt !== r.receiptNo) return 'done';
  if (state.cart.items > 0 || state.cart.mode.startsWith('return')) return 'cart';
  return 'attract';
}

function render() {
  if (!state || !texts.lang) return;
  const current = view();
  for (const name of ['attract', 'cart', 'pay', 'done']) $(`view-${name}`).hidden = name !== current;
  document.body.dataset.view = current;

  const banners = $('banners');
  banners.replaceChildren(...state.banners.filter((b) => b.kind !== 'out-of-service').map((b) => {
    const p = document.createElement('p');
    p.className = `banner ${b.kind}`;
    p.dataset.testid = `banner-${b.kind}`;
    p.textContent = b.kind === 'staff' ? t('staffMode') : t(b.kind);
    return p;
  }));
  const out = state.banners.find((b) => b.kind === 'out-of-service');
  $('out').hidden = !out;
  $('out-reason').textContent = out?.reason ?? '';

  const returning = state.cart.mode.startsWith('return');
  $('cart-mode').hidden = !returning;
  $('cart-mode').textContent = returning ? t('returnOf', { no: state.cart.mode.replace(/\D+/g, '') }) : '';
  $('pay').textContent = returning ? t('refund') : t('pay');
  $('pay').disabled = !state.selling || busy;
  $('lines').replaceChildren(...state.cart.lines.map((l) => {
    const li = document.createElement('li');
    const weighed = l.qty.includes('.') && !/^\d+\.0*$/.test(l.qty);
    li.innerHTML = '<span class="name"></span><span class="detail"></span><span class="amount"></span>';
    li.querySelector('.name').textContent = l.name;
    li.querySelector('.detail').textContent = t(weighed ? 'lineWeighed' : 'linePieces', { qty: qty(l.qty), price: fmt(l.unitPrice) + (weighed ? ` ${t('perKg')}` : '') });
    li.querySelector('.amount').textContent = fmt(l.lineTotal);
    return li;
  }));
  $('total').textContent = fmt(state.cart.total);
  $('vat').textContent = state.cart.vat.map((v) => t('vat', { rate: v.rate, amount: fmt(v.amount) })).join(' · ');
  const declined = state.payment && ['declined', 'unknown'].includes(state.payment.phase) && current === 'cart';
  $('pay-error').hidden = !declined;
  $('pay-error').textContent = declined ? t('declinedTryAgain') : '';

  $('pay-amount').textContent = state.payment ? fmt(state.payment.amount) : fmt(state.cart.total);
  const step = state.payment?.phase ?? 'present-card';
  $('pay-step').textContent = t(`pay.${step}`);
  $('receipt-step').textContent = state.receipt ? t(`receipt.${state.receipt.phase}`) : '';
}

async function run(action) {
  try {
    if (action === 'search') return openSearch();
    if (action === 'new') { dismissedReceipt = state?.receipt?.receiptNo ?? null; return render(); }
    if (action === 'cancel') return await api.cancel();
    if (action === 'pay') {
      busy = true;
      render();
      const answer = await api.checkout();
      if (!answer.ok && !state?.payment) notice(answer.message, 'error');
    }
  } catch (e) {
    notice(e.message, 'error');
  } finally {
    busy = false;
    render();
  }
}

function openSearch() {
  $('q').value = '';
  $('results').replaceChildren();
  $('weigh').hidden = true;
  $('search').showModal();
  $('q').focus();
}

let searchSeq = 0;
async function search() {
  const q = $('q').value.trim();
  const seq = ++searchSeq;
  const found = q ? await api.products(q) : [];
  if (seq !== searchSeq) return;
  $('weigh').hidden = true;
  $('results').replaceChildren(...(found.length || !q ? found : [null]).map((p) => {
    const li = document.createElement('li');
    if (!p) { li.textContent = t('noResults'); return li; }
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'result';
    b.dataset.plu = p.plu;
    b.textContent = `${p.name} · ${fmt(p.price)}${p.unit === 'kg' ? ` ${t('perKg')}` : ''} · PLU ${p.plu}`;
    b.addEventListener('click', () => choose(p));
    li.append(b);
    return li;
  }));
}

async function choose(product) {
  if (product.unit === 'kg') {
    $('weigh').hidden = false;
    $('weight-label').textContent = t('weightFor', { name: product.name });
    $('weight').value = '';
    $('weight').focus();
    $('add-weighed').onclick = () => add({ plu: product.plu, weightKg: Number($('weight').value.replace(',', '.')) });
    return;
  }
  await add({ plu: product.plu });
}

async function add(item) {
  try {
    const answer = await api.addItem(item);
    if (answer.ok) $('search').close();
    else notice(answer.message, 'error');
  } catch (e) {
    notice(e.message, 'error');
  }
}

function onEvent(kind, data) {
  if (kind === 'state') state = data;
  else if (state && kind === 'payment') state.payment = data;
  else if (state && kind === 'receipt') state.receipt = data;
  else if (kind === 'scan') notice(t(`scan.${data.reason}`), data.accepted ? 'ok' : 'error');
  render();
}

function onLink(up, status) {
  $('link').textContent = up ? '' : status === 401 ? `${t('noLink')} (401)` : t('noLink');
  document.body.dataset.link = up ? 'up' : 'down';
}

document.addEventListener('click', (e) => {
  const target = e.target.closest('[data-action]');
  if (target) run(target.dataset.action);
});
$('lang').addEventListener('click', () => loadTexts(texts.switchLang));
$('q').addEventListener('input', search);
token();
await loadTexts(localStorage.getItem('kiosk-screen-lang') ?? 'nb');
follow(onEvent, onLink);
