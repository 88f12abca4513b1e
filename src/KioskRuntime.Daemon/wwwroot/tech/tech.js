// The technician's status page: read-only, the same data as `kioskctl status` (one source, KioskStatus) plus the journal check,
// the last receipts as the printer previews them, and recent log lines. Refreshes every 5 s.
import { api, token } from '../lib/kiosk-api.js';

const $ = (id) => document.getElementById(id);
const cell = (text) => { const td = document.createElement('td'); td.textContent = text ?? ''; return td; };

function list(el, pairs) {
  el.replaceChildren(...pairs.flatMap(([k, v, cls]) => {
    const dt = document.createElement('dt'); dt.textContent = k;
    const dd = document.createElement('dd'); dd.textContent = v ?? '—'; if (cls) dd.className = cls;
    return [dt, dd];
  }));
}

async function refresh() {
  try {
    const v = await api.technician();
    const s = v.status;
    $('kiosk').textContent = s.kioskId;
    $('summary').textContent = s.summary;
    $('summary').className = s.state === 'ready' ? 'ok' : 'bad';
    $('devices').replaceChildren(...s.devices.map((d) => {
      const tr = document.createElement('tr');
      tr.append(cell(d.name), cell(d.kind), cell(d.driver), cell(d.state), cell(d.detail));
      tr.cells[3].className = d.state === 'ready' ? 'ok' : 'bad';
      return tr;
    }));
    const j = v.journal;
    list($('journal'), [
      ['Last seq', String(s.journal.lastSeq)], ['Last hash', s.journal.lastHash],
      ['Writable', s.journal.canWrite ? 'yes' : `NO: ${s.journal.reason}`, s.journal.canWrite ? 'ok' : 'bad'],
      ['Chain check', j.isValid ? `intact: seq ${j.firstSeq}–${j.lastSeq}, ${j.entryCount} events` : `BROKEN at seq ${j.problemSeq}: ${j.problem}`, j.isValid ? 'ok' : 'bad'],
    ]);
    const u = s.upstream;
    list($('upstream'), [
      ['URL', u.url ?? 'none configured'], ['Online', u.online ? 'yes' : 'no', u.online ? 'ok' : 'bad'], ['Pending', String(u.pending)],
      ['Oldest pending', u.oldestPendingSeconds != null ? `${Math.round(u.oldestPendingSeconds)} s` : '—'],
      ['Dead letters', String(u.deadLetters), u.deadLetters ? 'bad' : 'ok'], ['Last error', u.lastError],
      ['Screens connected', `${v.screenClients} (cut off for not reading: ${v.screenClientsCutOff})`],
    ]);
    $('receipts').replaceChildren(...v.receipts.map((r) => {
      const f = document.createElement('figure');
      const c = document.createElement('figcaption'); c.textContent = `#${r.receiptNo} ${r.kind}: ${r.outcome}`;
      const pre = document.createElement('pre'); pre.textContent = r.text;
      f.append(c, pre);
      return f;
    }));
    $('log').textContent = v.log.join('\n');
  } catch (e) {
    $('summary').textContent = `cannot reach kioskd: ${e.message}`;
    $('summary').className = 'bad';
  }
}

token();
refresh();
setInterval(refresh, 5000);
