import { permanentRefusal } from '../../src/notifications/mail-transport';

/** Which SMTP errors (as nodemailer reports them) are bounces: a 5xx to the recipient or the message, nothing else. */
describe('permanentRefusal', () => {
  const error = (responseCode: number | undefined, command: string | undefined, response?: string) =>
    Object.assign(new Error('refused'), { responseCode, command, response });

  it('a 5xx to RCPT TO or at the end of DATA is a bounce, answered with the server’s reply', () => {
    expect(permanentRefusal(error(550, 'RCPT TO', '550 5.1.1 No such user here'))).toBe('550 5.1.1 No such user here');
    expect(permanentRefusal(error(554, 'DATA', '554 5.7.1 Message rejected'))).toBe('554 5.7.1 Message rejected');
    expect(permanentRefusal(error(552, 'RCPT TO'))).toBe('552');
    expect(permanentRefusal(error(550, 'RCPT TO', `550 ${'x'.repeat(2000)}`))).toHaveLength(1000);
  });

  it('a temporary refusal, a 5xx elsewhere (the deployment’s to fix), a connection failure or no error at all is not', () => {
    expect(permanentRefusal(error(451, 'RCPT TO', '451 4.2.1 try later'))).toBeNull();
    expect(permanentRefusal(error(421, 'DATA'))).toBeNull();
    expect(permanentRefusal(error(535, 'AUTH PLAIN', '535 5.7.8 bad credentials'))).toBeNull();
    expect(permanentRefusal(error(550, 'MAIL FROM', '550 sender refused'))).toBeNull();
    expect(permanentRefusal(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ESOCKET', command: 'CONN' }))).toBeNull();
    expect(permanentRefusal(error(undefined, 'RCPT TO'))).toBeNull();
    expect(permanentRefusal(null)).toBeNull();
    expect(permanentRefusal('550 a string')).toBeNull();
  });
});
