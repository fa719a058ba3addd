'use strict';
// A proxyless gRPC application on @grpc/grpc-js + @grpc/grpc-js-xds, driven line by line over stdin
// by the Java integration tests (GrpcJsTrafficTest):
//
//   calls <n> [<header>=<value> ...]   make n calls to demo.Echo/Who at xds:///<target>; print one JSON
//                                      line: which backend answered how often, failures under their
//                                      status code name, e.g. {"backend-a":80,"backend-b":20}
//   exit                               close the channel and end
//
// Usage: GRPC_XDS_BOOTSTRAP=<file> (or GRPC_XDS_BOOTSTRAP_CONFIG=<json>) node echo-client.js <virtual service>
// The echo fixture (envoy-management's EchoService) sends UTF-8 strings as the message bytes, not
// protobuf, so the method is declared with plain string (de)serializers instead of a .proto.
const grpc = require('@grpc/grpc-js');
const grpcJsXds = require('@grpc/grpc-js-xds');
const readline = require('readline');

const CALL_DEADLINE_MS = 10_000;

const EchoClient = grpc.makeGenericClientConstructor({
  Who: {
    path: '/demo.Echo/Who',
    requestStream: false,
    responseStream: false,
    requestSerialize: (text) => Buffer.from(text, 'utf8'),
    requestDeserialize: (bytes) => bytes.toString('utf8'),
    responseSerialize: (text) => Buffer.from(text, 'utf8'),
    responseDeserialize: (bytes) => bytes.toString('utf8'),
  },
}, 'demo.Echo');

// Each distinct failure is reported once on stderr (the test's output), for diagnosis.
const failuresReported = new Set();

function reportFailure(error) {
  const text = `${grpc.status[error.code]}: ${error.details}`;
  if (!failuresReported.has(text)) {
    failuresReported.add(text);
    console.error(`echo-client: call failed: ${text}`);
  }
}

/** One call; resolves to the backend's answer, or the failed call's status code name. */
function who(client, headers) {
  const metadata = new grpc.Metadata();
  for (const [key, value] of Object.entries(headers)) {
    metadata.set(key, value);
  }
  const options = { deadline: Date.now() + CALL_DEADLINE_MS, waitForReady: true };
  return new Promise((resolve) => {
    client.Who('hi', metadata, options, (error, answer) => {
      if (error) {
        reportFailure(error);
      }
      resolve(error ? grpc.status[error.code] : answer);
    });
  });
}

async function calls(client, count, headers) {
  const served = {};
  for (let i = 0; i < count; i++) {
    const answer = await who(client, headers);
    served[answer] = (served[answer] || 0) + 1;
  }
  return served;
}

function parseHeaders(words) {
  const headers = {};
  for (const word of words) {
    const at = word.indexOf('=');
    headers[word.slice(0, at)] = word.slice(at + 1);
  }
  return headers;
}

async function main() {
  const target = process.argv[2];
  if (!target) {
    console.error('usage: node echo-client.js <virtual service>');
    process.exit(2);
  }
  grpcJsXds.register();
  const client = new EchoClient(`xds:///${target}`, grpc.credentials.createInsecure());
  const lines = readline.createInterface({ input: process.stdin, terminal: false });
  console.log(JSON.stringify({ ready: target }));
  for await (const line of lines) {
    const [command, ...args] = line.trim().split(/\s+/);
    if (command === 'calls') {
      console.log(JSON.stringify(await calls(client, Number(args[0]), parseHeaders(args.slice(1)))));
    } else if (!command) {
      continue;
    } else if (command === 'exit') {
      break;
    } else {
      console.log(JSON.stringify({ error: `unknown command ${command}` }));
    }
  }
  client.close();
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
