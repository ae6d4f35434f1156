// A real SMTP server (the smtp-server package) on 127.0.0.1, run by the notification specs as a
// child process: it prints `{"port":N}` once listening, then one JSON line per message it accepts
// ({"from","to","raw"} with the raw message in base64). A recipient whose address starts with
// `fail` is refused with a permanent 550, so a spec can watch an email fail.
const { SMTPServer } = require('smtp-server');

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onRcptTo(address, _session, callback) {
    if (address.address.startsWith('fail')) {
      const err = new Error('Mailbox unavailable');
      err.responseCode = 550;
      return callback(err);
    }
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
