/* global document, window, fetch, EventSource, setInterval */
// The sandbox page: live updates over /sandbox/events (the chats are re-rendered by the server), button
// clicks and the text box posted as the chosen person. No framework, no build step.
(function () {
  'use strict';
  var chats = document.getElementById('chats');
  var as = document.getElementById('as');
  var where = document.getElementById('where');
  var text = document.getElementById('text');
  var status = document.getElementById('status');

  function show(message) {
    status.textContent = message;
  }

  function refresh() {
    return fetch('/sandbox/chats?as=' + encodeURIComponent(as.value))
      .then(function (res) {
        return res.text();
      })
      .then(function (html) {
        chats.innerHTML = html; // server-rendered with every value escaped
      });
  }

  function post(path, body) {
    return fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }).then(function (res) {
      return res.json().then(function (data) {
        if (!res.ok) throw new Error(data.message || res.status);
        return data;
      });
    });
  }

  chats.addEventListener('click', function (e) {
    var btn = e.target.closest('button[data-platform]');
    if (!btn || btn.disabled) return;
    var body = { platform: btn.dataset.platform, as: btn.dataset.as || as.value, key: btn.dataset.key };
    if (body.platform === 'dingtalk') body.outTrackId = btn.dataset.ref;
    else body.taskId = btn.dataset.ref;
    if (btn.dataset.chatid) body.chatid = btn.dataset.chatid;
    btn.disabled = true;
    show('已点击「' + btn.textContent + '」…');
    post('/sandbox/click', body)
      .then(function () {
        show('已点击「' + btn.textContent + '」');
      })
      .catch(function (err) {
        show('点击失败：' + err.message);
        btn.disabled = false;
      })
      .then(refresh);
  });

  document.getElementById('say').addEventListener('submit', function (e) {
    e.preventDefault();
    var parts = where.value.split('|');
    var body = { platform: parts[0] === 'dingtalk' ? 'dingtalk' : 'wecom', as: as.value, text: text.value };
    if (parts[1]) body.team = parts[1];
    if (parts[0] === 'wecom-app') body.to = 'app';
    if (!body.text.trim()) return;
    show('发送中…');
    post('/sandbox/say', body)
      .then(function () {
        text.value = '';
        show('已发送');
      })
      .catch(function (err) {
        show('发送失败：' + err.message);
      })
      .then(refresh);
  });

  as.addEventListener('change', refresh);

  if (window.EventSource) {
    var events = new EventSource('/sandbox/events');
    events.addEventListener('change', refresh);
  } else {
    setInterval(refresh, 2000);
  }
})();
