"""SMTP capture server for the mail tests (Debian's python3-aiosmtpd).

Two listeners on loopback: a plain one that offers STARTTLS and AUTH, and an
implicit-TLS one (SMTPS). Every accepted message is written to the spool as
<name>.eml, the DATA bytes exactly as received (after SMTP's dot-unstuffing),
then <name>.json with the envelope; the .json comes last, so its presence
means the .eml is complete. A few addresses script refusals so the tests can
see real error replies:
  MAIL FROM tempfail...@  -> 451 4.3.0 Try again later
  RCPT TO   reject...@    -> 550 5.1.1 <addr>: Recipient address rejected
  RCPT TO   slow...@      -> accepted after 3 s

  /usr/bin/python3 scripts/smtp-capture.py <port> <smtps-port> <cert.pem> <key.pem> <password-file> <spool-dir>
"""
import asyncio
import json
import os
import signal
import ssl
import sys
import threading
import time

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

USER = b"cbmail"


def main():
    if len(sys.argv) != 7:
        sys.stderr.write(__doc__)
        sys.exit(2)
    port, smtps_port, cert, key, password_file, spool = sys.argv[1:]
    with open(password_file, "rb") as f:
        password = f.read().strip()
    os.makedirs(spool, exist_ok=True)
    counter = {"n": 0}
    lock = threading.Lock()

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword)
              and auth_data.login == USER and auth_data.password == password)
        # handled=False makes aiosmtpd answer 535 itself; auth_data is what
        # the .json's auth_user reports
        return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)

    class Handler:
        async def handle_MAIL(self, server, session, envelope, address, mail_options):
            if address.split("@")[0].lower().startswith("tempfail"):
                return "451 4.3.0 Try again later"
            envelope.mail_from = address
            envelope.mail_options.extend(mail_options)
            return "250 OK"

        async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
            local = address.split("@")[0].lower()
            if local.startswith("reject"):
                return "550 5.1.1 <%s>: Recipient address rejected" % address
            if local.startswith("slow"):
                await asyncio.sleep(3)
            envelope.rcpt_tos.append(address)
            envelope.rcpt_options.extend(rcpt_options)
            return "250 OK"

        async def handle_DATA(self, server, session, envelope):
            with lock:
                counter["n"] += 1
                name = "%d-%06d-%d" % (time.time_ns() // 1000, counter["n"], os.getpid())
            base = os.path.join(spool, name)
            with open(base + ".eml.tmp", "wb") as f:
                f.write(envelope.original_content)
            os.rename(base + ".eml.tmp", base + ".eml")
            auth = session.auth_data
            facts = {
                "mail_from": envelope.mail_from,
                "rcpt_tos": envelope.rcpt_tos,
                "mail_options": envelope.mail_options,
                "peer": "%s:%d" % tuple(session.peer[:2]),
                "auth_user": auth.login.decode() if isinstance(auth, LoginPassword) else None,
                # session.ssl is set by STARTTLS only; SMTPS is TLS from the start
                "tls": session.ssl is not None or server.transport.get_extra_info("sslcontext") is not None,
                "helo": session.host_name,
            }
            with open(base + ".json.tmp", "w") as f:
                json.dump(facts, f)
            os.rename(base + ".json.tmp", base + ".json")
            return "250 Message accepted for delivery"

    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    common = dict(
        hostname="127.0.0.1",
        server_hostname="cb-capture.test",
        authenticator=authenticator,
        auth_require_tls=False,
        data_size_limit=128 * 1024 * 1024,
    )
    plain = Controller(Handler(), port=int(port), tls_context=context, **common)
    smtps = Controller(Handler(), port=int(smtps_port), ssl_context=context, **common)
    plain.start()
    smtps.start()

    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    stop.wait()
    plain.stop()
    smtps.stop()


if __name__ == "__main__":
    main()
