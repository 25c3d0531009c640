#!/usr/bin/env bash
# Debian packages the tests need: the real servers (PostgreSQL, MariaDB,
# OpenSSH sshd, vsftpd, the aiosmtpd SMTP capture server), the
# build tools for native npm modules, the real CPAN modules used as the
# test oracle (test-only; the facades never load them), and headless
# Chromium (the /docs page is loaded in a real browser). Installs only what is missing.
set -euo pipefail
PACKAGES=(
  build-essential python3 openssl
  postgresql mariadb-server mariadb-client
  openssh-server openssh-sftp-server openssh-client sshpass vsftpd
  libdbi-perl libdbd-pg-perl libdbd-mysql-perl libdbd-mariadb-perl libdbd-sqlite3-perl
  libcrypt-cbc-perl libcrypt-rijndael-perl libcrypt-blowfish-perl libcrypt-des-perl
  libdatetime-perl liblog-log4perl-perl liblockfile-simple-perl
  libexcel-writer-xlsx-perl libspreadsheet-parsexlsx-perl libxml-simple-perl libxml-xpath-perl libxml-dom-perl
  libnet-sftp-foreign-perl libnet-openssh-perl libio-pty-perl libio-socket-ssl-perl
  libwww-perl liblwp-protocol-https-perl libhttp-cookies-perl libmime-lite-perl libauthen-sasl-perl python3-aiosmtpd
  chromium
)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "missing Debian packages; run as root: apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  if [ ! -x /usr/sbin/policy-rc.d ]; then printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod 755 /usr/sbin/policy-rc.d; fi
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
fi
