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

/* Static files are fingerprinted (?v=<hash>): a new version replaces the old copy instead of
 * piling up beside it on a tablet that stays in kiosk mode for months. */
function keepOnlyThisVersion(cache, url, response) {
  var wanted = new URL(url);
  var stale = wanted.pathname.indexOf("/static/") === 0
    ? cache.keys().then(function (keys) {
        return Promise.all(keys.filter(function (key) {
          var known = new URL(key.url);
          return known.pathname === wanted.pathname && known.search !== wanted.search;
        }).map(function (key) { return cache.delete(key); }));
      })
    : Promise.resolve();
  return stale.then(function () { return cache.put(url, response); });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (!handled(request)) return;
  // The page refreshing the copies needs the network's own answer, a lost login included;
  // a copy in its place would hide it, and the refresh would go on asking for every page.
  if (request.headers.get("X-Kiosk-Refresh")) {
    event.respondWith(fetch(request));
    return;
  }
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
        caches.open(CACHE).then(function (cache) { keepOnlyThisVersion(cache, request.url, copy); });
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
