import { Buffer } from 'node:buffer';
// Benchmark child: downloads an export and counts its exchanges, in a process of its own, so that
// reading a gigabyte does not delay the load generator's clock (which would show up as SCIM latency).
const [url, token] = process.argv.slice(2);
if (!url || !token || !process.send) throw new Error('usage: fork export-download.ts <url> <adminToken>');
const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
if (!response.ok) throw new Error(`The export answered ${response.status}: ${await response.text()}`);
// Each exchange has one `"operation":` key (in bodies, which are strings, the quotes are escaped).
const key = Buffer.from('"operation":');
let bytes = 0;
let exported = 0;
let carry = Buffer.alloc(0);
for await (const chunk of response.body! as AsyncIterable<Uint8Array>) {
  bytes += chunk.byteLength;
  const data = Buffer.concat([carry, chunk]);
  for (let at = data.indexOf(key); at >= 0; at = data.indexOf(key, at + key.length)) exported++;
  // Enough of the end to complete a key cut by the chunk boundary, too little to hold a whole one.
  carry = data.subarray(data.length - (key.length - 1));
}
process.send({ bytes, exported }, () => process.exit(0));
