#!/bin/sh
# Makes the local CA and the certificates of Temporal's mutual TLS in one folder, once: what exists is
# kept, nothing is renewed unless missing (a new CA re-issues everything, as the old one's signatures no
# longer verify). Used by the cluster profile (scripts/stack/cluster/temporal-tls.ts) and by compose's
# one-shot `temporal-certs` service (any image with openssl and a POSIX sh, e.g. alpine/openssl).
#
#   make-certs.sh <dir>
#
# Environment, all optional:
#   FRONTEND_SANS   names the frontend's certificate is valid for (default DNS:localhost,IP:127.0.0.1)
#   INTERNODE_SANS  names of the internode certificate (default DNS:temporal-internode)
#   CLIENTS         one client certificate per caller of the frontend
#                   (default: api order-worker temporal-ui temporal-system-worker operator)
#   DIR_MODE        the folder's mode (default 700; compose: 755, so each container can reach its files)
#   KEY_OWNERS      "name:uid[:gid] ..." the container user that must own each private key (compose)
#
# ECDSA P-256 keys (PKCS#8, mode 600), X.509 v3 certificates: the CA for 10 years, the others 825 days.
# Every leaf has basicConstraints CA:FALSE, keyUsage and extendedKeyUsage; servers have SANs (Go and
# rustls check the name there, never in the CN).
set -eu

dir=${1:?usage: make-certs.sh <dir>}
: "${FRONTEND_SANS:=DNS:localhost,IP:127.0.0.1}"
: "${INTERNODE_SANS:=DNS:temporal-internode}"
: "${CLIENTS:=api order-worker temporal-ui temporal-system-worker operator}"
: "${DIR_MODE:=700}"
: "${KEY_OWNERS:=}"
CA_DAYS=3650
LEAF_DAYS=825

umask 077
mkdir -p "$dir"
chmod "$DIR_MODE" "$dir"
cd "$dir"
trap 'rm -f ./*.tmp' EXIT

# openssl req reads no system openssl.cnf: this one names everything it needs.
cat >req.cnf.tmp <<'EOF'
[req]
distinguished_name = dn
[dn]
[ca]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
EOF

new_key() {
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null
}

made=""
renew_all=false
if [ ! -s ca.pem ] || [ ! -s ca-key.pem ]; then
  new_key ca-key.tmp
  openssl req -new -x509 -key ca-key.tmp -subj "/CN=Order system local Temporal CA" -days "$CA_DAYS" \
    -sha256 -config req.cnf.tmp -extensions ca -out ca.tmp
  mv ca-key.tmp ca-key.pem
  mv ca.tmp ca.pem
  made="ca"
  renew_all=true
fi
chmod 644 ca.pem
chmod 600 ca-key.pem

# issue <name> <extendedKeyUsage> [subjectAltName]
issue() {
  name=$1
  if [ "$renew_all" = false ] && [ -s "$name.pem" ] && [ -s "$name-key.pem" ]; then return; fi
  {
    echo "basicConstraints = critical, CA:FALSE"
    echo "keyUsage = critical, digitalSignature"
    echo "extendedKeyUsage = $2"
    if [ -n "${3:-}" ]; then echo "subjectAltName = $3"; fi
    echo "subjectKeyIdentifier = hash"
    echo "authorityKeyIdentifier = keyid"
  } >ext.tmp
  new_key key.tmp
  openssl req -new -key key.tmp -subj "/CN=$name" -config req.cnf.tmp -out csr.tmp
  openssl x509 -req -in csr.tmp -CA ca.pem -CAkey ca-key.pem -set_serial "0x$(openssl rand -hex 16)" \
    -days "$LEAF_DAYS" -sha256 -extfile ext.tmp -out cert.tmp 2>/dev/null
  # The key before the certificate: a run cut off between the two leaves no certificate without its key.
  mv key.tmp "$name-key.pem"
  mv cert.tmp "$name.pem"
  chmod 644 "$name.pem"
  made="$made $name"
}

issue frontend serverAuth "$FRONTEND_SANS"
# History, matching and the worker serve it, and every service presents it when it calls them.
issue internode "serverAuth, clientAuth" "$INTERNODE_SANS"
for client in $CLIENTS; do issue "$client" clientAuth; done

for owner in $KEY_OWNERS; do
  name=${owner%%:*}
  chown "${owner#*:}" "$name-key.pem"
done

if [ -n "$made" ]; then echo "made:${made# }" | sed 's/:/: /'; else echo "all present; nothing made"; fi
