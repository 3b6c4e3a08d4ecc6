/* global document, window, performance, setTimeout, clearTimeout -- a browser script (eslint) */
// The report's findings explorer. Inline in report.html, allowed by its hash in the
// Content-Security-Policy. No network, no code built from strings; every value is set as text (textContent).
(function () {
  'use strict';
  var dataElement = document.getElementById('explorer-data');
  var root = document.getElementById('explorer');
  if (!dataElement || !root) return;
  var data = JSON.parse(dataElement.textContent || '{}');
  var texts = data.texts || [];
  // Rows refer to texts by index; a message template's \u0001 is the row's account id, \u0002 its Region
  // (src/render/report-sections.ts, explorerData). Expanded once: [status, severity, check, account, region,
  // resource, message, arn].
  var rows = (data.rows || []).map(function (r) {
    var account = data.accounts[r[3]] ? data.accounts[r[3]].id : '';
    var region = data.regions[r[4]] || '';
    var message = r[6] < 0 ? texts[-1 - r[6]] : texts[r[6]].split('\u0002').join(region).split('\u0001').join(account);
    return [r[0], r[1], r[2], r[3], r[4], texts[r[5]], message, r[7] < 0 ? '' : texts[r[7]]];
  });
  var PAGE = 200;
  var form = root.querySelector('form');
  var tbody = root.querySelector('tbody');
  var countLine = root.querySelector('.explorer-count');
  var more = root.querySelector('.explorer-more');
  var statusBox = root.querySelector('.explorer-statuses');
  var select = function (name) { return root.querySelector('select[data-filter="' + name + '"]'); };
  var search = root.querySelector('input[data-filter="text"]');
  var number = function (n) { return n.toLocaleString('en-US'); };

  // Lower-cased text per row, for the free-text search: resource, ARN, reason, account id and name, check id and title,
  // Region.
  var haystack = rows.map(function (r) {
    var account = data.accounts[r[3]] || { id: '', name: '' };
    var check = data.checks[r[2]] || { id: '', title: '' };
    return [r[5], r[7], r[6], account.id, account.name, check.id, check.title, data.regions[r[4]]].join('\n').toLowerCase();
  });

  function option(parent, value, text) {
    var o = document.createElement('option');
    o.value = String(value);
    o.textContent = text;
    parent.appendChild(o);
  }
  data.severities.forEach(function (s, i) { option(select('severity'), i, s); });
  data.accounts.forEach(function (a, i) { option(select('account'), i, a.name ? a.id + ' ' + a.name : a.id); });
  data.regions.forEach(function (r, i) { option(select('region'), i, r); });
  data.checks.forEach(function (c, i) { option(select('check'), i, c.id); });

  var statusInputs = data.statuses.map(function (s, i) {
    var label = document.createElement('label');
    label.className = 'st st-' + s.key.toLowerCase();
    var input = document.createElement('input');
    input.type = 'checkbox';
    input.checked = true;
    input.defaultChecked = true; // "Clear filters" (form reset) ticks every status again
    input.value = String(i);
    var text = document.createElement('span');
    label.appendChild(input);
    label.appendChild(text);
    statusBox.appendChild(label);
    return { input: input, text: text, label: s.label };
  });

  var sortKey = 'status';
  var sortDir = 1;
  var shown = PAGE;
  var SORT_VALUE = {
    status: function (r) { return r[0]; },
    severity: function (r) { return r[1]; },
    check: function (r) { return data.checks[r[2]].id; },
    account: function (r) { return data.accounts[r[3]].id; },
    region: function (r) { return data.regions[r[4]]; },
    resource: function (r) { return r[5]; },
    message: function (r) { return r[6]; },
  };

  function filters() {
    var value = function (name) { var v = select(name).value; return v === '' ? -1 : Number(v); };
    return {
      statuses: statusInputs.map(function (s) { return s.input.checked; }),
      severity: value('severity'),
      account: value('account'),
      region: value('region'),
      check: value('check'),
      words: search.value.toLowerCase().split(/\s+/).filter(Boolean),
    };
  }

  function matchesExceptStatus(f, r, i) {
    if (f.severity >= 0 && r[1] !== f.severity) return false;
    if (f.account >= 0 && r[3] !== f.account) return false;
    if (f.region >= 0 && r[4] !== f.region) return false;
    if (f.check >= 0 && r[2] !== f.check) return false;
    for (var w = 0; w < f.words.length; w += 1) if (haystack[i].indexOf(f.words[w]) < 0) return false;
    return true;
  }

  function cell(tr, text, className) {
    var td = document.createElement('td');
    if (className) td.className = className;
    td.textContent = text;
    tr.appendChild(td);
    return td;
  }

  function render() {
    var f = filters();
    var perStatus = data.statuses.map(function () { return 0; });
    var matching = [];
    for (var i = 0; i < rows.length; i += 1) {
      var r = rows[i];
      if (!matchesExceptStatus(f, r, i)) continue;
      perStatus[r[0]] += 1;
      if (f.statuses[r[0]]) matching.push(r);
    }
    statusInputs.forEach(function (s, k) { s.text.textContent = ' ' + s.label + ' (' + number(perStatus[k]) + ')'; });
    var key = SORT_VALUE[sortKey];
    matching.sort(function (a, b) {
      var x = key(a), y = key(b);
      var order = typeof x === 'number' ? x - y : String(x).localeCompare(String(y));
      return order * sortDir || a[0] - b[0] || a[3] - b[3];
    });
    var fragment = document.createDocumentFragment();
    matching.slice(0, shown).forEach(function (r) {
      var tr = document.createElement('tr');
      var status = data.statuses[r[0]];
      var badge = document.createElement('span');
      badge.className = 'st st-' + status.key.toLowerCase();
      badge.textContent = status.label;
      cell(tr, '', '').appendChild(badge);
      var severity = data.severities[r[1]];
      var sev = document.createElement('span');
      sev.className = 'sev sev-' + severity;
      sev.textContent = severity;
      cell(tr, '', '').appendChild(sev);
      var check = data.checks[r[2]];
      var link = document.createElement('a');
      link.href = '#' + check.anchor;
      link.textContent = check.id;
      link.title = check.title;
      cell(tr, '', '').appendChild(link);
      var account = data.accounts[r[3]];
      var accountCell = cell(tr, '', '');
      var id = document.createElement('span');
      id.className = 'tok';
      id.textContent = account.id;
      accountCell.appendChild(id);
      if (account.name) {
        var name = document.createElement('span');
        name.className = 'muted';
        name.textContent = ' ' + account.name;
        accountCell.appendChild(name);
      }
      cell(tr, data.regions[r[4]], 'tok');
      cell(tr, r[5], '').title = r[7] || r[5];
      cell(tr, r[6], '');
      fragment.appendChild(tr);
    });
    tbody.textContent = '';
    tbody.appendChild(fragment);
    var total = perStatus.reduce(function (a, b) { return a + b; }, 0);
    countLine.textContent = 'Showing ' + number(Math.min(shown, matching.length)) + ' of ' + number(matching.length) + ' matching finding(s); ' + number(rows.length) + ' in this run' + (total !== matching.length ? ' (' + number(total) + ' match the other filters in any status)' : '') + '.';
    more.hidden = matching.length <= shown;
    more.textContent = 'Show ' + number(Math.min(PAGE, matching.length - shown)) + ' more';
    root.querySelectorAll('button[data-sort]').forEach(function (b) {
      var active = b.getAttribute('data-sort') === sortKey;
      b.setAttribute('aria-sort', active ? (sortDir > 0 ? 'ascending' : 'descending') : 'none');
      b.parentNode.setAttribute('aria-sort', active ? (sortDir > 0 ? 'ascending' : 'descending') : 'none');
    });
  }

  var timer = 0;
  function later() {
    clearTimeout(timer);
    timer = setTimeout(function () { shown = PAGE; render(); }, 120);
  }
  form.addEventListener('change', function () { shown = PAGE; render(); });
  search.addEventListener('input', later);
  form.addEventListener('submit', function (event) { event.preventDefault(); });
  form.addEventListener('reset', function () { setTimeout(function () { shown = PAGE; render(); }, 0); });
  more.addEventListener('click', function () { shown += PAGE; render(); });
  root.querySelectorAll('button[data-sort]').forEach(function (button) {
    button.addEventListener('click', function () {
      var key = button.getAttribute('data-sort');
      sortDir = key === sortKey ? -sortDir : 1;
      sortKey = key;
      render();
    });
  });

  render();
  root.hidden = false;
  document.querySelectorAll('.interactive-only[hidden]').forEach(function (e) { e.hidden = false; });
  document.documentElement.classList.add('interactive');
  if (window.performance && performance.mark) performance.mark('trailaudit:explorer-ready');
})();
