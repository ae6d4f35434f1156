// A real SMTP server (the smtp-server package) on 127.0.0.1, run by the notification specs as a
// child process: it prints `{"port":N}` once listening, then one JSON line per message it accepts
// ({"from","to","raw"} with the envelope sender, the recipients and the raw message in base64) and
// one per recipient it refuses ({"refused","code"}). A
// recipient whose address starts with `fail` is refused with a temporary 451 (so a spec can watch an
// email retried until it fails), one starting with `bounce` with a permanent 550 (a bounce).
const { SMTPServer } = require('smtp-server');

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onRcptTo(address, _session, callback) {
    const refuse = (code, text) => {
      // Each refusal is reported too, so a spec can count the attempts.
      process.stdout.write(JSON.stringify({ refused: address.address, code }) + '\n');
      const err = new Error(text);
      err.responseCode = code;
      callback(err);
    };
    if (address.address.startsWith('fail')) return refuse(451, '4.2.1 Mailbox busy, try again later');
    if (address.address.startsWith('bounce')) return refuse(550, '5.1.1 No such user here');
    callback();
  },
  onData(stream, session, callback) {
    const chunks = [];
    stream.on('data', (c) => chunks.push(c));
    stream.on('end', () => {
      const raw = Buffer.concat(chunks);
      process.stdout.write(
        JSON.stringify({
          from: session.envelope.mailFrom && session.envelope.mailFrom.address,
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: raw.toString('base64'),
        }) + '\n',
      );
      callback();
    });
  },
});

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ port: server.server.address().port }) + '\n');
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
