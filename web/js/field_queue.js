// Inspections recorded without a connection, kept in the browser's IndexedDB (photos as Blobs)
// until the server has them. Each item carries the Idempotency-Key its assessment is sent with,
// so a retry after a lost answer is answered from the first try and never recorded twice.
const kDb = 'aftermath-field';
const kStore = 'inspections';

let dbPromise = null;
function db() {
  if (!dbPromise) {
    dbPromise = new Promise((resolve, reject) => {
      const req = indexedDB.open(kDb, 1);
      req.onupgradeneeded = () => req.result.createObjectStore(kStore, { keyPath: 'key' });
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => { dbPromise = null; reject(req.error); };
    });
  }
  return dbPromise;
}

async function run(mode, fn) {
  const d = await db();
  return new Promise((resolve, reject) => {
    const tx = d.transaction(kStore, mode);
    const result = fn(tx.objectStore(kStore));
    tx.oncomplete = () => resolve(result && 'result' in result ? result.result : undefined);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

// Stores or replaces an item ({ key, user, object_id, claim_id?, assessment, photos: [Blob],
// uploaded: [{sha256, media_type, size}], created_at, error? }).
export function put(item) { return run('readwrite', (s) => s.put(item)); }
export function remove(key) { return run('readwrite', (s) => s.delete(key)); }

// The user's items, oldest first.
export async function list(user) {
  const all = (await run('readonly', (s) => s.getAll())) || [];
  return all.filter((i) => i.user === user).sort((a, b) => a.created_at.localeCompare(b.created_at));
}
