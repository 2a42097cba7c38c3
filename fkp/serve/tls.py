"""The certificate `serve` speaks HTTPS with: the office's, or one made for this laptop.

On a shared venue Wi-Fi anyone can read plain HTTP: staff passwords, the staff session cookie,
attendees' tokens. So `serve` also listens for HTTPS (FKP_TLS_PORT). The office may give a
certificate (FKP_TLS_CERT and FKP_TLS_KEY, PEM files), e.g. one a browser already trusts for
a name on the office network. Without one, `serve` makes its own on first start, for the
laptop's LAN address, 127.0.0.1 and localhost, and keeps it in instance/ for the next starts
(made anew when the laptop has another LAN address, or within a month of its expiry). No
browser trusts it: it warns, and staff compare the SHA-256 fingerprint the browser shows with
the one `serve` printed before going on; after that the connection is as private as any.

The generated key and certificate are one file (tls.pem), written whole and then renamed into
place, so two servers starting at once never pair one's key with the other's certificate;
tls-cert.pem beside it is the certificate alone, for a browser or laptop that should trust it
without a warning. It is a leaf (CA:FALSE): a copied key could impersonate this laptop, never
sign certificates for other sites a laptop that trusts it would then believe.

`cryptography` makes the key and the certificate (wheels on every platform, Windows too; no
openssl program needed); `ssl` serves them.
"""
import ipaddress
import os
import socket
import ssl
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from ..config import ConfigError

GENERATED = "tls.pem"  # key and certificate
GENERATED_CERT = "tls-cert.pem"  # the certificate alone
VALID_FOR = timedelta(days=365)
RENEW_BEFORE = timedelta(days=30)


@dataclass(frozen=True)
class Certificate:
    certfile: Path  # the certificate (and its chain), PEM
    keyfile: Path | None  # its key, when not in certfile
    fingerprint: str  # SHA-256 of the certificate, "AB:CD:…" as browsers show it
    names: tuple  # the addresses and host names it is valid for
    not_after: datetime
    generated: bool  # made by `serve` (no browser trusts it) rather than given by the office
    shown: Path  # the file with the certificate alone, for staff to install


def prepare(cert, key, instance_path, lan_address, now):
    """The office's certificate when FKP_TLS_CERT and FKP_TLS_KEY name one, else the generated
    one in instance_path, made or made anew as needed. now: an aware UTC datetime."""
    if cert or key:
        if not (cert and key):
            raise ConfigError("FKP_TLS_CERT and FKP_TLS_KEY go together: set both, or neither "
                              "for a generated certificate")
        return given(Path(cert), Path(key))
    return generated(Path(instance_path), lan_address, now)


def given(certfile, keyfile):
    """The office's certificate, checked to load with its key before the server starts."""
    from cryptography import x509
    try:
        server_context(certfile, keyfile)
        leaf = x509.load_pem_x509_certificates(certfile.read_bytes())[0]
    except (OSError, ValueError, ssl.SSLError) as e:
        raise ConfigError(f"FKP_TLS_CERT={certfile} with FKP_TLS_KEY={keyfile} cannot be served: {e}") from e
    return _describe(leaf, certfile, keyfile, generated=False, shown=certfile)


def generated(folder, lan_address, now):
    """This laptop's own certificate: the one kept in folder when it still names lan_address and
    is not near its end, else a new one (then kept)."""
    path, shown = folder / GENERATED, folder / GENERATED_CERT
    leaf = _usable(path, lan_address, now)
    if leaf is None:
        leaf = _make(path, lan_address, now)
    from cryptography.hazmat.primitives.serialization import Encoding
    pem = leaf.public_bytes(Encoding.PEM)
    if not shown.exists() or shown.read_bytes() != pem:
        _write_private(shown, pem)
    return _describe(leaf, path, None, generated=True, shown=shown)


def server_context(certfile, keyfile=None):
    """The TLS settings of the HTTPS port: TLS 1.2 or later, the ssl module's default ciphers."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(str(certfile), str(keyfile) if keyfile else None)
    return context


def fingerprint(certificate):
    """A cryptography certificate's SHA-256 fingerprint as browsers show it (AB:CD:…)."""
    from cryptography.hazmat.primitives import hashes
    return ":".join(f"{b:02X}" for b in certificate.fingerprint(hashes.SHA256()))


def _describe(leaf, certfile, keyfile, generated, shown):
    from cryptography import x509
    try:
        alt = leaf.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        names = tuple(str(n.value) for n in alt)
    except x509.ExtensionNotFound:
        names = ()
    return Certificate(certfile, keyfile, fingerprint(leaf), names, leaf.not_valid_after_utc, generated, shown)


def _usable(path, lan_address, now):
    """The kept certificate, if its key matches it, it names lan_address and it has more than
    RENEW_BEFORE left; else None (then a new one is made)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization
    try:
        data = path.read_bytes()
        leaf = x509.load_pem_x509_certificate(data)
        key = serialization.load_pem_private_key(data, password=None)
        alt = leaf.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except (OSError, ValueError, x509.ExtensionNotFound):
        return None
    same_key = key.public_key().public_bytes(serialization.Encoding.DER,
                                             serialization.PublicFormat.SubjectPublicKeyInfo) == \
        leaf.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    names_lan = ipaddress.ip_address(lan_address) in alt.get_values_for_type(x509.IPAddress)
    if not same_key or not names_lan or leaf.not_valid_after_utc - now < RENEW_BEFORE:
        return None
    return leaf


def _make(path, lan_address, now):
    """A new key and self-signed certificate for lan_address, 127.0.0.1, localhost and this
    machine's name, written to path (key first, then certificate); the certificate."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    key = ec.generate_private_key(ec.SECP256R1())  # every browser; small and quick
    addresses = dict.fromkeys([ipaddress.ip_address(lan_address), ipaddress.ip_address("127.0.0.1")])
    hosts = dict.fromkeys(["localhost", *_machine_names()])
    names = [x509.IPAddress(a) for a in addresses] + [x509.DNSName(h) for h in hosts]
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"fkp {lan_address}"),
                         x509.NameAttribute(NameOID.ORGANIZATION_NAME, "fkp (self-signed)")])
    leaf = (x509.CertificateBuilder()
            .subject_name(subject).issuer_name(subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(hours=1))  # a phone's clock a little behind
            .not_valid_after(now + VALID_FOR)
            .add_extension(x509.SubjectAlternativeName(names), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                         crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .sign(key, hashes.SHA256()))
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption()) + leaf.public_bytes(serialization.Encoding.PEM)
    _write_private(path, pem)
    return leaf


def _machine_names():
    """This machine's name, and name.local as phones resolve it by mDNS, when it is a valid
    host name (a Windows name may hold characters a certificate cannot)."""
    name = socket.gethostname().split(".")[0].lower()
    if name and name.replace("-", "").isalnum() and name.isascii() and name != "localhost":
        return [name, f"{name}.local"]
    return []


def _write_private(path, data):
    """data into path, readable by this user only, replacing any old file in one step."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.replace(temporary, path)
