// The admin console. One tab of the browser holds the admin's stream (under a Web Lock) and relays its events to
// the other tabs over a BroadcastChannel; when that tab closes, another takes the lock and resumes the stream from
// the last event id, so several tabs never use more than one of the browser's six connections per origin.
'use strict';

const $ = (id) => document.getElementById(id);
const MAX_TOASTS = 4;
const state = { config: null, admin: null, token: null, unread: 0, items: new Map(), next: null, loading: false,
  status: 'offline' };

function safeLink(link) {
  // only the back office's own pages, or absolute http(s) URLs: never javascript: and the like. A relative link is
  // resolved as the browser will resolve it, so that one such as "/\evil.com" or "/<tab>/evil.com" cannot leave;
  // one that stays on this origin is kept as written.
  if (typeof link !== 'string') return null;
  let url;
  try {
    url = new URL(link, location.href);
  } catch (e) {
    return null;
  }
  if (url.origin === location.origin) return link;
  if (!isAbsolute(link)) return null;
  return (url.protocol === 'https:' || url.protocol === 'http:') ? url.href : null;
}

function isAbsolute(link) {
  try {
    new URL(link);
    return true;
  } catch (e) {
    return false;
  }
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text != null) node.textContent = text;
  return node;
}

function setUnread(count) {
  state.unread = Math.max(0, count);
  $('badge').textContent = String(state.unread);
  $('badge').hidden = state.unread === 0;
  document.title = (state.unread ? '(' + state.unread + ') ' : '') + 'Notifications · Back office';
}

function setConnection(status) {
  state.status = status;
  const badge = $('connection');
  badge.textContent = status;
  badge.className = 'connection ' + status;
}

async function store(path, options = {}) {
  const response = await fetch(state.config.storeUrl + path, {
    ...options,
    headers: { Authorization: 'Bearer ' + state.token, 'Content-Type': 'application/json' },
  });
  if (response.status === 401) {
    signOut();
    throw new Error('signed out');
  }
  if (!response.ok) throw new Error(path + ' answered ' + response.status);
  return response.status === 204 ? null : response.json();
}

// ---- timeline ----

function render(item) {
  const li = element('li', (item.readAt ? '' : 'unread ') + item.priority);
  li.dataset.id = item.id;
  li.append(element('span', 'dot'));
  const title = element('span', 'title', item.title);
  const link = safeLink(item.link);
  if (link) {
    const a = element('a', null);
    a.href = link;
    a.append(title);
    li.append(a);
  } else {
    li.append(title);
  }
  if (!item.readAt) {
    const read = element('button', 'mark-read', 'Mark read');
    read.type = 'button';
    read.addEventListener('click', () => markRead(item.id));
    li.append(read);
  }
  if (item.body) li.append(element('span', 'body', item.body));
  li.append(element('span', 'meta', item.type + ' · ' + new Date(item.createdAt).toLocaleString()));
  return li;
}

function show(item, atTop) {
  const existing = state.items.get(item.id);
  state.items.set(item.id, item);
  const node = render(item);
  const list = $('timeline');
  if (existing && existing.node) {
    existing.node.replaceWith(node);
  } else if (atTop) {
    list.prepend(node);
  } else {
    list.append(node);
  }
  item.node = node;
}

async function loadPage() {
  if (state.loading || state.next === undefined) return;
  state.loading = true;
  try {
    const query = new URLSearchParams({ limit: '20' });
    if (state.next) query.set('before', state.next);
    if ($('unread-only').checked) query.set('unread', 'true');
    const page = await store('/api/timeline?' + query);
    page.items.forEach((item) => show(item, false));
    state.next = page.next || undefined;
    $('timeline-end').textContent = state.next ? '' : (state.items.size ? 'That is everything.' : 'Nothing yet.');
  } finally {
    state.loading = false;
  }
}

async function reload() {
  state.items.clear();
  state.next = null;
  $('timeline').replaceChildren();
  const [count] = await Promise.all([store('/api/timeline/unread-count'), loadPage()]);
  setUnread(count.unreadCount);
}

async function markRead(id) {
  const answer = await store('/api/timeline/' + encodeURIComponent(id) + '/read', { method: 'POST' });
  applyRead([id]);
  setUnread(answer.unreadCount);
}

function applyRead(ids) {
  for (const id of ids) {
    const item = state.items.get(id);
    if (item && !item.readAt) {
      item.readAt = new Date().toISOString();
      show(item, false);
    }
  }
}

// ---- live events ----

function onEvent(message) {
  if (message.type === 'hello') {
    // a tab that just opened asks how the stream is; only the one holding it answers
    if (document.body.dataset.stream === 'leader') message.reply({ type: 'status', status: state.status });
  } else if (message.type === 'status') {
    setConnection(message.status);
  } else if (message.type === 'notification') {
    const n = message.data;
    if (!state.items.has(n.notificationId)) {
      show({ id: n.notificationId, type: n.type, priority: n.priority, title: n.title, body: n.body, link: n.link,
        createdAt: n.createdAt, readAt: null }, true);
      setUnread(state.unread + 1);
      toast(n);
    }
  } else if (message.type === 'state') {
    const change = message.data;
    if (change.change === 'READ') applyRead(change.notificationIds || []);
    if (change.change === 'READ_ALL') applyRead(change.notificationIds || [...state.items.keys()]);
    if (change.change === 'DELETED') (change.notificationIds || []).forEach((id) => {
      const item = state.items.get(id);
      if (item) { item.node.remove(); state.items.delete(id); }
    });
    setUnread(change.unreadCount);
  } else if (message.type === 'reset') {
    // the gap is older than the gateway's buffer: the store has everything
    reload();
  }
}

function toast(n) {
  if (document.visibilityState !== 'visible') return;
  const box = element('div', 'toast ' + n.priority);
  const close = element('button', null, '×');
  close.type = 'button';
  close.setAttribute('aria-label', 'Dismiss');
  close.addEventListener('click', () => box.remove());
  box.append(close, element('div', 'title', n.title));
  if (n.body) box.append(element('div', 'body', n.body));
  const link = safeLink(n.link);
  if (link) {
    const a = element('a', null, 'Open');
    a.href = link;
    box.append(a);
  }
  $('toasts').prepend(box);
  if (n.priority !== 'URGENT') setTimeout(() => box.remove(), 8000);
  // a burst must not bury the page: the oldest passing toasts go first, URGENT ones stay until dismissed
  const passing = [...$('toasts').children].filter((node) => !node.classList.contains('URGENT'));
  passing.slice(MAX_TOASTS).forEach((node) => node.remove());
}

function openStream(channel) {
  const key = 'notify.lastEventId.' + state.admin;
  const query = new URLSearchParams({ access_token: state.token });
  const last = localStorage.getItem(key);
  if (last) query.set('lastEventId', last);
  const source = new EventSource('/api/notifications/stream?' + query);
  const status = (value) => {
    onEvent({ type: 'status', status: value });
    channel.postMessage({ type: 'status', status: value });
  };
  source.onopen = () => status('live');
  source.onerror = () => status(source.readyState === EventSource.CLOSED ? 'offline' : 'reconnecting');
  for (const type of ['notification', 'state', 'reset']) {
    source.addEventListener(type, (event) => {
      if (event.lastEventId) localStorage.setItem(key, event.lastEventId);
      const message = { type, data: JSON.parse(event.data) };
      onEvent(message);
      channel.postMessage(message);
    });
  }
  return source;
}

function connect() {
  const channel = new BroadcastChannel('notify.' + state.admin);
  channel.onmessage = (event) => onEvent({ ...event.data, reply: (message) => channel.postMessage(message) });
  document.body.dataset.stream = 'follower';
  if (!navigator.locks) {
    document.body.dataset.stream = 'leader';
    openStream(channel);
    return;
  }
  setConnection('reconnecting');
  channel.postMessage({ type: 'hello' });
  // held for as long as this tab lives; the next tab in line takes the stream over when it closes
  navigator.locks.request('notify.stream.' + state.admin, () => new Promise(() => {
    document.body.dataset.stream = 'leader';
    openStream(channel);
  }));
}

// ---- sign-in ----

async function signIn(adminId) {
  const answer = await fetch('/dev/token?adminId=' + encodeURIComponent(adminId)).then((r) => r.json());
  localStorage.setItem('notify.admin', adminId);
  localStorage.setItem('notify.token', answer.token);
  location.reload();
}

function signOut() {
  localStorage.removeItem('notify.admin');
  localStorage.removeItem('notify.token');
  location.reload();
}

async function start() {
  state.config = await fetch('/console/config').then((r) => r.json());
  state.admin = localStorage.getItem('notify.admin');
  state.token = localStorage.getItem('notify.token');
  if (!state.admin || !state.token) {
    $('sign-in').hidden = false;
    $('no-sign-in').hidden = state.config.devAdmins.length > 0;
    for (const admin of state.config.devAdmins) {
      const button = element('button', null, admin.id + ' · ' + admin.label);
      button.type = 'button';
      button.dataset.admin = admin.id;
      button.addEventListener('click', () => signIn(admin.id));
      const li = element('li');
      li.append(button);
      $('admins').append(li);
    }
    return;
  }
  $('who').textContent = state.admin;
  $('sign-out').hidden = false;
  $('sign-out').addEventListener('click', signOut);
  $('timeline-view').hidden = false;
  $('unread-only').addEventListener('change', reload);
  $('read-all').addEventListener('click', async () => {
    // up to the newest item shown here: live ones have no cursor yet, the store's first page has theirs
    const first = await store('/api/timeline?limit=100');
    const newest = first.items.find((item) => state.items.has(item.id))
      || [...state.items.values()].find((item) => item.cursor);
    if (!newest) return;
    const answer = await store('/api/timeline/read-all', { method: 'POST', body: JSON.stringify({ upTo: newest.cursor }) });
    applyRead([...state.items.keys()]);
    setUnread(answer.unreadCount);
  });
  new IntersectionObserver((entries) => {
    if (entries.some((entry) => entry.isIntersecting)) loadPage();
  }).observe($('timeline-end'));
  try {
    await reload();
  } catch (e) {
    // live notifications do not wait for the timeline: the stream opens anyway
    $('timeline-end').textContent = 'The timeline did not load (' + e.message + '); new notifications still arrive.';
  }
  connect();
}

start();
