#!/usr/bin/env python3
"""Real SMTP servers (aiosmtpd) on 127.0.0.1 for the `mailbook verify` tests and bench.

Usage: smtp_servers.py CONFIG.json

CONFIG:
  {"out_dir": "/tmp/x",
   "servers": [{"name": "s1",
                "mode": "starttls" | "tls" | "plain",   # plain: no STARTTLS at all
                "cert": "leaf.pem", "key": "leaf.key",  # for starttls / tls
                "users": {"user@test.example": "password"},
                "tokens": {"user@test.example": "token"},  # enables AUTH XOAUTH2
                "exclude": ["LOGIN"],                       # AUTH mechanisms not offered
                "refuse": ["PLAIN-CLIENTTOKEN", "XOAUTH"],  # AUTH mechanisms offered whose
                                                            # every attempt fails (535)
                "delay_ms": 0,                              # latency added before each reply
                "smtputf8": false,                          # aiosmtpd's enable_SMTPUTF8
                "auth_required": false,                     # aiosmtpd's auth_required: MAIL
                                                            # before AUTH gets its 530
                "own_senders_only": false,                  # policy (Postfix's
                                                            # reject_sender_login_mismatch):
                                                            # MAIL FROM must be the login
                "greylist": false,                          # policy (postgrey-style): the
                                                            # first RCPT gets 451 with a hint,
                                                            # later ones are accepted
                "busy": false,                              # policy: every MAIL gets 421
                "misbehaving_echo_auth": false,             # SCRIPTED MISBEHAVIOUR: answers
                                                            # AUTH PLAIN / LOGIN with a 535
                                                            # that echoes the credentials cut
                                                            # short and re-chunked over lines
                "tls_unavailable": false,                   # starttls: offer it, then answer
                                                            # aiosmtpd's own "454 TLS not
                                                            # available" (a server whose TLS
                                                            # setup broke, as Postfix reports)
                "tls_min": "TLSv1", "tls_max": "TLSv1",     # protocol versions OpenSSL may
                                                            # use (at @SECLEVEL=0 for TLS 1.0/
                                                            # 1.1): an outdated server
                "ehlo_reply": "550 ...",                    # scripted: answer EHLO with this
                                                            # (Postfix's smtpd_helo_restrictions
                                                            # refusing the client's name)
                "starttls_plaintext": false}]}              # scripted: answer 220 to STARTTLS,
                                                            # then carry on in plain text (a
                                                            # broken TLS offload); the client's
                                                            # handshake then gets aiosmtpd's own
                                                            # "500" reply: garbage for TLS

Prints one JSON line per server, {"name": ..., "port": ...}, then "READY", and serves until
stdin is closed. Each server appends what it saw to OUT_DIR/<name>.commands.jsonl (command
verbs only, never credentials) and every accepted message to OUT_DIR/<name>.messages.jsonl,
so tests can assert on what the server really received.

Only aiosmtpd's own protocol handling answers the client; nothing here scripts replies,
except where an option says SCRIPTED MISBEHAVIOUR (a failure mode no real server software
is configured into, reproduced as it was seen).
"""

import asyncio
import base64
import email
import email.policy
import json
import logging
import os
import socket
import ssl
import sys
import warnings

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


def append(path, record):
    with open(path, "a", encoding="utf-8") as f:
        f.write(json.dumps(record) + "\n")


class Recorder:
    """aiosmtpd handler: stores accepted messages; optional XOAUTH2 mechanism."""

    def __init__(self, name, out_dir, tokens, spec=None):
        self.messages = os.path.join(out_dir, name + ".messages.jsonl")
        self.tokens = tokens
        spec = spec or {}
        self.own_senders_only = spec.get("own_senders_only", False)
        self.greylist = spec.get("greylist", False)
        self.busy = spec.get("busy", False)
        self.greylisted = 0

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if self.busy:
            return "421 4.7.0 Server busy, try again in 1 seconds"
        login = session.login_data.decode("utf-8", "replace") \
            if session.authenticated and session.login_data else None
        if self.own_senders_only and login is not None and address != login:
            return "553 5.7.1 <%s>: Sender address rejected: not owned by user %s" % (
                address, login)
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.greylist and self.greylisted == 0:
            self.greylisted += 1
            return "451 4.7.1 Greylisted, try again in 1 seconds"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content or envelope.content
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        lone = raw.replace(b"\r\n", b"")
        append(self.messages, {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "subject": str(msg.get("Subject", "")),
            "message_id": str(msg.get("Message-ID", "")),
            "from": str(msg.get("From", "")),
            "smtputf8": bool(envelope.smtp_utf8),
            "authenticated": bool(session.authenticated),
            # A CR or LF outside CRLF: what SMTP smuggling needs to end DATA early.
            "bare_cr_or_lf": b"\r" in lone or b"\n" in lone,
        })
        return "250 2.0.0 Ok: queued as MB%06d" % (sum(1 for _ in open(self.messages)))


def make_xoauth2(tokens):
    """A real XOAUTH2 verifier (RFC-less Google format: user=..^Aauth=Bearer ..^A^A)."""

    async def auth_XOAUTH2(server, args):
        if len(args) < 2:
            blob = await server.challenge_auth("")
        else:
            blob = base64.b64decode(args[1])
        try:
            parts = dict(p.split("=", 1) for p in blob.decode().split("\x01") if p)
            user = parts["user"]
            token = parts["auth"].removeprefix("Bearer ")
        except Exception:
            return AuthResult(success=False, message="501 5.5.2 Malformed XOAUTH2")
        if tokens.get(user) == token:
            return AuthResult(success=True, auth_data=LoginPassword(user.encode(), b""))
        return AuthResult(success=False, message="535 5.7.8 Invalid token")

    return auth_XOAUTH2


def make_refusing(name):
    """An AUTH mechanism that is advertised but refuses every attempt: how a real server
    treats a mechanism a client cannot complete. aiosmtpd sends its own 535 reply."""

    async def refuse(server, args):
        return AuthResult(success=False, handled=False)

    refuse.__auth_mechanism_name__ = name
    return refuse


def echo_chunks(text):
    """What a misbehaving server quoted back: `text` cut short by 3 characters and split into
    pieces of 7 over several reply lines."""
    cut = text[:-3]
    return [cut[i:i + 7] for i in range(0, len(cut), 7)]


async def misbehaving_auth(server, arg):
    """SCRIPTED MISBEHAVIOUR: a 535 that echoes the AUTH PLAIN blob, or the LOGIN user name
    and password line (base64 and decoded), truncated and re-chunked."""
    words = (arg or "").split(" ")
    mech = words[0].upper()
    if mech == "PLAIN" and len(words) > 1:
        pieces = echo_chunks(words[1])
    elif mech == "LOGIN":
        user = await server.challenge_auth("Username:")
        password_line = await server.challenge_auth("Password:", log_client_response=False)
        encoded = base64.b64encode(password_line).decode()
        pieces = [user.decode("utf-8", "replace")] + echo_chunks(encoded) + echo_chunks(
            password_line.decode("utf-8", "replace"))
    else:
        await server.push("504 5.5.4 Unrecognized authentication type")
        return
    lines = ["5.7.8 Bad credentials, you sent:"] + pieces
    for line in lines[:-1]:
        await server.push("535-" + line)
    await server.push("535 " + lines[-1])


def make_server_class(commands_path, delay, tls_unavailable=False, starttls_plaintext=False,
                      ehlo_reply=None, echo_auth=False):
    class RecordingSMTP(SMTP):
        """aiosmtpd's SMTP, logging command verbs and optionally delaying each reply."""

        async def push(self, status):
            text = status if isinstance(status, str) else status.decode("ascii", "replace")
            # One delay per reply, not per line of a multi-line reply.
            if delay and (len(text) < 4 or text[3] != "-"):
                await asyncio.sleep(delay)
            await super().push(status)

        def log(self, verb, arg=""):
            append(commands_path, {"verb": verb, "arg": arg, "tls": self._tls_protocol is not None})

        async def smtp_EHLO(self, arg):
            self.log("EHLO")
            if ehlo_reply:
                await self.push(ehlo_reply)
                return
            await super().smtp_EHLO(arg)

        async def smtp_STARTTLS(self, arg):
            self.log("STARTTLS")
            if starttls_plaintext:
                await self.push("220 2.0.0 Ready to start TLS")
                return
            if tls_unavailable:
                # STARTTLS was advertised; now the TLS context is gone, so aiosmtpd's own
                # handler refuses with 454 (it is not a reply scripted here).
                self.tls_context = None
            await super().smtp_STARTTLS(arg)

        async def smtp_AUTH(self, arg):
            # The mechanism only: the rest of the line is credentials.
            self.log("AUTH", (arg or "").split(" ")[0])
            if echo_auth:
                await misbehaving_auth(self, arg)
                return
            await super().smtp_AUTH(arg)

        async def smtp_MAIL(self, arg):
            self.log("MAIL", arg or "")
            await super().smtp_MAIL(arg)

        async def smtp_DATA(self, arg):
            self.log("DATA")
            await super().smtp_DATA(arg)

        async def smtp_QUIT(self, arg):
            self.log("QUIT")
            await super().smtp_QUIT(arg)

    return RecordingSMTP


def tls_context(spec):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(spec["cert"], spec["key"])
    versions = {"TLSv1": ssl.TLSVersion.TLSv1, "TLSv1.1": ssl.TLSVersion.TLSv1_1,
                "TLSv1.2": ssl.TLSVersion.TLSv1_2, "TLSv1.3": ssl.TLSVersion.TLSv1_3}
    if "tls_min" in spec or "tls_max" in spec:
        # Debian's OpenSSL refuses TLS 1.0/1.1 above security level 0.
        ctx.set_ciphers("DEFAULT:@SECLEVEL=0")
    if "tls_min" in spec:
        ctx.minimum_version = versions[spec["tls_min"]]
    if "tls_max" in spec:
        ctx.maximum_version = versions[spec["tls_max"]]
    return ctx


async def start(spec, out_dir):
    name = spec["name"]
    mode = spec.get("mode", "starttls")
    users = spec.get("users", {})
    tokens = spec.get("tokens", {})
    handler = Recorder(name, out_dir, tokens, spec)
    if tokens:
        handler.auth_XOAUTH2 = make_xoauth2(tokens)
    for mech in spec.get("refuse", []):
        # aiosmtpd finds mechanisms by the `auth_` prefix and reads the advertised name from
        # __auth_mechanism_name__, so names with dashes work too.
        setattr(handler, "auth_" + mech.replace("-", "_"), make_refusing(mech))
    commands = os.path.join(out_dir, name + ".commands.jsonl")
    open(commands, "a").close()
    open(handler.messages, "a").close()
    cls = make_server_class(commands, spec.get("delay_ms", 0) / 1000.0,
                            spec.get("tls_unavailable", False),
                            spec.get("starttls_plaintext", False),
                            spec.get("ehlo_reply"),
                            spec.get("misbehaving_echo_auth", False))

    def authenticator(server, session, envelope, mechanism, auth_data):
        if isinstance(auth_data, LoginPassword):
            user = auth_data.login.decode("utf-8", "replace")
            ok = users.get(user) == auth_data.password.decode("utf-8", "replace")
            append(commands, {"verb": "AUTH-RESULT", "arg": "ok" if ok else "refused"})
            return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)
        return AuthResult(success=False, handled=False)

    kwargs = dict(hostname=name + ".harness.test", authenticator=authenticator,
                  auth_exclude_mechanism=spec.get("exclude", []),
                  auth_required=spec.get("auth_required", False),
                  enable_SMTPUTF8=spec.get("smtputf8", False))
    listen_ssl = None
    if mode == "starttls":
        kwargs.update(tls_context=tls_context(spec), require_starttls=True,
                      auth_require_tls=True)
    elif mode == "tls":
        listen_ssl = tls_context(spec)
        kwargs.update(auth_require_tls=False)  # the whole connection is TLS
    elif mode == "plain":
        # No STARTTLS, and AUTH offered in the clear: a client must refuse to use it.
        kwargs.update(auth_require_tls=False)
    else:
        raise SystemExit("unknown mode " + mode)

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: cls(handler, loop=loop, **kwargs),
                                      sock=sock, ssl=listen_ssl)
    return name, sock.getsockname()[1], server


async def main():
    # Failed handshakes are what some tests provoke; keep the test output readable.
    logging.getLogger("mail.log").setLevel(logging.CRITICAL)
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    config = json.load(open(sys.argv[1]))
    out_dir = config["out_dir"]
    servers = []
    for spec in config["servers"]:
        name, port, server = await start(spec, out_dir)
        servers.append(server)
        print(json.dumps({"name": name, "port": port}), flush=True)
    print("READY", flush=True)
    loop = asyncio.get_running_loop()
    # Serve until the parent closes our stdin (or dies).
    await loop.run_in_executor(None, sys.stdin.read)
    for server in servers:
        server.close()


if __name__ == "__main__":
    asyncio.run(main())
