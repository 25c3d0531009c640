package CPANBridge::Idempotent;
# Generated from the method registry by `npm run generate`; do not edit by hand.
# The methods (and their old names) that are safe to send again when the
# connection drops before the reply arrives: MethodSpec.idempotent.

use strict;
use warnings;

our $VERSION = '1.00';

our %METHODS = map { ($_ => 1) } qw(
  crypto.cipher_state
  crypto.hash
  crypto.hmac
  database.column_info
  database.get_connection_error
  database.get_statement_error
  database.ping
  database.quote
  database.table_info
  datetime.from_epoch
  datetime.local_to_utc
  datetime.now
  datetime.zone_spans
  datetime_helper.from_epoch
  datetime_helper.local_to_utc
  datetime_helper.now
  datetime_helper.zone_spans
  email_helper.ping
  email_helper.test_smtp_connection
  ftp_helper.get_connection_info
  ftp_helper.get_pool_stats
  ftp_helper.message
  ftp_helper.quit
  http.close_body
  lockfile.lockfile
  logging.parse_config
  logging_helper.parse_config
  openssh.check
  openssh.get_error
  session.close
  sftp.cwd
  sftp.error
  sftp.list
  sftp.list_files
  sftp.ls
  sftp.lstat
  sftp.read_content
  sftp.readlink
  sftp.realpath
  sftp.setstat
  sftp.stat
  system.connections
  system.health
  system.info
  system.metrics
  system.performance
  system.stats
  test.echo
  test.ping
  test.sleep
  test.stats
  xml.escape_xml
  xml.unescape_xml
  xml.xml_in
  xml.xml_out
  xml.xmlin
  xml.xmlout
  xml_dom.parse
  xml_helper.escape_xml
  xml_helper.unescape_xml
  xml_helper.xml_in
  xml_helper.xml_out
  xml_helper.xmlin
  xml_helper.xmlout
  xpath.find
  xpath.find_in_node
  xpath.find_nodes
);

1;
