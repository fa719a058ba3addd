// SigV4 (service appmesh) for the console's requests, with the browser's WebCrypto: the same
// canonical request the server's verifier (auth/sigv4/SigV4Verifier) rebuilds, signing only host
// and x-amz-date (as the AWS SDK signs App Mesh requests). The secret never leaves this page.
'use strict';
const MeshplaneSigV4 = (() => {
  const encoder = new TextEncoder();
  const hex = (buffer) => [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('');
  const bytes = (data) => (typeof data === 'string' ? encoder.encode(data) : data);

  async function sha256Hex(data) {
    return hex(await crypto.subtle.digest('SHA-256', bytes(data)));
  }

  async function hmac(key, data) {
    const imported = await crypto.subtle.importKey('raw', bytes(key), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    return crypto.subtle.sign('HMAC', imported, bytes(data));
  }

  // RFC 3986 unreserved characters stay; everything else is %XX (encodeURIComponent leaves !'()* alone).
  const rfc3986 = (text) => encodeURIComponent(text)
    .replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());

  // Non-S3 services sign the wire path encoded once more: a%3Ab is signed as a%253Ab.
  const canonicalPath = (path) => path.split('/').map(rfc3986).join('/');

  function canonicalQuery(search) {
    const pairs = search.replace(/^\?/, '').split('&').filter(Boolean).map((pair) => {
      const at = pair.indexOf('=');
      const decode = (s) => decodeURIComponent(s.replace(/\+/g, ' '));
      const name = decode(at < 0 ? pair : pair.slice(0, at));
      const value = at < 0 ? '' : decode(pair.slice(at + 1));
      return [rfc3986(name), rfc3986(value)];
    });
    pairs.sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0) : a[0] < b[0] ? -1 : 1));
    return pairs.map(([name, value]) => name + '=' + value).join('&');
  }

  /** The headers to send with the request: X-Amz-Date and Authorization. */
  async function sign({ method, url, body = '', accessKeyId, secretAccessKey, region, service = 'appmesh', now = new Date() }) {
    const target = new URL(url, location.href);
    const amzDate = now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
    const day = amzDate.slice(0, 8);
    const signedHeaders = 'host;x-amz-date';
    const canonicalRequest = [
      method,
      canonicalPath(target.pathname),
      canonicalQuery(target.search),
      `host:${target.host}\nx-amz-date:${amzDate}\n`,
      signedHeaders,
      await sha256Hex(body),
    ].join('\n');
    const scope = `${day}/${region}/${service}/aws4_request`;
    const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, await sha256Hex(canonicalRequest)].join('\n');
    let key = await hmac('AWS4' + secretAccessKey, day);
    for (const part of [region, service, 'aws4_request']) {
      key = await hmac(key, part);
    }
    const signature = hex(await hmac(key, stringToSign));
    return {
      'X-Amz-Date': amzDate,
      Authorization: `AWS4-HMAC-SHA256 Credential=${accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
    };
  }

  return { sign };
})();
