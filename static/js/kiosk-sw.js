/* The kiosk's service worker: the kiosk page, its questions and its assets keep working with
 * no network. Network first (so a facilitator always gets the latest questions when online),
 * the copy the page stored in "consult-kiosk-v1" otherwise. Posts are never touched: the queue
 * lives in IndexedDB and the page sends it itself. */
"use strict";

var CACHE = "consult-kiosk-v1";
var scopePath = new URL(self.registration.scope).pathname;

self.addEventListener("install", function () {
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(self.clients.claim());
});

function handled(request) {
  if (request.method !== "GET") return false;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return false;
  return url.pathname.indexOf(scopePath) === 0 || url.pathname.indexOf("/static/") === 0;
}

function withTimeout(promise, ms) {
  return new Promise(function (resolve, reject) {
    var timer = setTimeout(function () { reject(new Error("timeout")); }, ms);
    promise.then(function (value) { clearTimeout(timer); resolve(value); }, function (error) { clearTimeout(timer); reject(error); });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (!handled(request)) return;
  function cached() {
    return caches.open(CACHE).then(function (cache) {
      return cache.match(request).then(function (hit) {
        return hit || cache.match(request, { ignoreSearch: true });
      });
    });
  }
  event.respondWith(
    withTimeout(fetch(request), 6000).then(function (response) {
      if (response.ok && !response.redirected && response.type === "basic") {
        var copy = response.clone();
        caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
        return response;
      }
      // Sent to the login page (the browser forgot the login) or an error: the kiosk keeps
      // working from its copy; the page tells the facilitator to log in before syncing.
      return cached().then(function (hit) { return hit || response; });
    }).catch(function () {
      return cached().then(function (hit) { return hit || Response.error(); });
    })
  );
});
