/* Byabutik's service worker (scope /): shows a pushed alert; a tap opens its acknowledge link.
   The push message is the backoffice's JSON {case_id, store, kind, severity, title, text, ack_url}. */
"use strict";

self.addEventListener("install", function () {
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(self.clients.claim());
});

function readPush(event) {
  if (!event.data) {
    return {};
  }
  try {
    return event.data.json();
  } catch (ignored) {
    return { title: "Byabutik", text: event.data.text() };
  }
}

self.addEventListener("push", function (event) {
  var alert = readPush(event);
  var options = {
    body: alert.text || "",
    icon: "/icons/192.png",
    badge: "/icons/192.png",
    lang: "sv",
    data: { url: alert.ack_url || "/alerts" },
    requireInteraction: alert.severity === "critical"
  };
  if (alert.case_id) {
    options.tag = "larm-" + alert.case_id;
    options.renotify = true;
  }
  event.waitUntil(self.registration.showNotification(alert.title || "Byabutik", options));
});

self.addEventListener("notificationclick", function (event) {
  var target = (event.notification.data && event.notification.data.url) || "/alerts";
  event.notification.close();
  event.waitUntil(self.clients.openWindow(target));
});
