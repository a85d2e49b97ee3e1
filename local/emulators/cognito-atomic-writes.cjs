// Preloaded into cognito-local (`node --require`): its data store (stormdb) rewrites a whole
// user pool's JSON file with fs.writeFile on every change, so a process killed mid-write leaves
// a truncated file and the next start cannot read the pool. Here such writes go to a temporary
// file first and are renamed over the old one (atomic on POSIX), synchronously, so they also
// happen in order. Local emulator plumbing only: Cognito itself is durable.
const fs = require('node:fs');

const writeFile = fs.writeFile;
let counter = 0;
fs.writeFile = function atomicWriteFile(path, data, ...rest) {
  const callback = typeof rest[rest.length - 1] === 'function' ? rest[rest.length - 1] : undefined;
  if (typeof path !== 'string' || !path.endsWith('.json') || !callback) return writeFile.call(fs, path, data, ...rest);
  try {
    const temporary = `${path}.${process.pid}.${counter++}.tmp`;
    fs.writeFileSync(temporary, data);
    fs.renameSync(temporary, path);
    process.nextTick(callback, null);
  } catch (error) {
    process.nextTick(callback, error);
  }
};
