/* The kiosk's offline queue, in IndexedDB: it survives closing the tab or the browser.
 *
 * Stores: "queue" (answers waiting for the server, by uuid), "problems" (answers the server
 * refused, kept for a person to look at), "meta" (counters).
 */
(function () {
  "use strict";

  var DB_NAME = "consult-kiosk";
  var DB_VERSION = 1;
  var opening = null;

  function open() {
    if (opening) return opening;
    opening = new Promise(function (resolve, reject) {
      if (!("indexedDB" in window)) {
        reject(new Error("no IndexedDB"));
        return;
      }
      var request = indexedDB.open(DB_NAME, DB_VERSION);
      request.onupgradeneeded = function () {
        var db = request.result;
        if (!db.objectStoreNames.contains("queue")) db.createObjectStore("queue", { keyPath: "uuid" });
        if (!db.objectStoreNames.contains("problems")) db.createObjectStore("problems", { keyPath: "uuid" });
        if (!db.objectStoreNames.contains("meta")) db.createObjectStore("meta", { keyPath: "key" });
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
    return opening;
  }

  function run(storeNames, mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var transaction = db.transaction(storeNames, mode);
        var result;
        transaction.oncomplete = function () { resolve(result); };
        transaction.onerror = function () { reject(transaction.error); };
        transaction.onabort = function () { reject(transaction.error); };
        work(transaction, function (value) { result = value; });
      });
    });
  }

  function all(storeName, session) {
    return run([storeName], "readonly", function (transaction, done) {
      var request = transaction.objectStore(storeName).getAll();
      request.onsuccess = function () {
        var items = request.result.filter(function (item) {
          return session === undefined || item.session === session;
        });
        items.sort(function (a, b) { return (a.queued_at || "").localeCompare(b.queued_at || ""); });
        done(items);
      };
    });
  }

  window.KioskStore = {
    open: open,
    pending: function (session) { return all("queue", session); },
    problems: function (session) { return all("problems", session); },
    add: function (record) {
      return run(["queue"], "readwrite", function (transaction) {
        transaction.objectStore("queue").add(record);
      });
    },
    /* The server stored it (or had it already): it may leave the device, and is counted. */
    acknowledge: function (record) {
      return run(["queue", "meta"], "readwrite", function (transaction) {
        transaction.objectStore("queue").delete(record.uuid);
        var meta = transaction.objectStore("meta");
        var key = "sent-" + record.session;
        var request = meta.get(key);
        request.onsuccess = function () {
          var count = request.result ? request.result.count : 0;
          meta.put({ key: key, count: count + 1 });
        };
      });
    },
    /* The server will never store it: keep it aside for a person, out of the way of the rest. */
    setAside: function (record, code, message) {
      return run(["queue", "problems"], "readwrite", function (transaction) {
        transaction.objectStore("queue").delete(record.uuid);
        var kept = Object.assign({}, record, { problem: code, problem_message: message });
        transaction.objectStore("problems").put(kept);
      });
    },
    touch: function (record) {
      return run(["queue"], "readwrite", function (transaction) {
        transaction.objectStore("queue").put(record);
      });
    },
    sentCount: function (session) {
      return run(["meta"], "readonly", function (transaction, done) {
        var request = transaction.objectStore("meta").get("sent-" + session);
        request.onsuccess = function () { done(request.result ? request.result.count : 0); };
      });
    }
  };
})();
