package Net::SFTP::Foreign::Constants;
# ABSTRACT: Net::SFTP::Foreign's constants (SFTP protocol numbers, SFTP_ERR_* error codes) and export tags

use strict;
use warnings;

our $VERSION = '1.63_05';

require Exporter;
our @ISA = ('Exporter');
our (@EXPORT_OK, %EXPORT_TAGS);

# The numbers are the SFTP v3 protocol's (draft-ietf-secsh-filexfer-02) and
# Net::SFTP::Foreign's own error codes, which scripts compare $sftp->error with.
# A named sub, so the constants are this file's code (facade-layout.t finds a sub of it here).
sub _define {
    my %VALUE;
    my @fxp = qw(INIT 1 VERSION 2 OPEN 3 CLOSE 4 READ 5 WRITE 6 LSTAT 7 FSTAT 8 SETSTAT 9 FSETSTAT 10
        OPENDIR 11 READDIR 12 REMOVE 13 MKDIR 14 RMDIR 15 REALPATH 16 STAT 17 RENAME 18 READLINK 19
        SYMLINK 20 STATUS 101 HANDLE 102 DATA 103 NAME 104 ATTRS 105 EXTENDED 200 EXTENDED_REPLY 201);
    my @fxf = qw(READ 1 WRITE 2 APPEND 4 CREAT 8 TRUNC 16 EXCL 32);
    my @fx = qw(OK 0 EOF 1 NO_SUCH_FILE 2 PERMISSION_DENIED 3 FAILURE 4 BAD_MESSAGE 5 NO_CONNECTION 6
        CONNECTION_LOST 7 OP_UNSUPPORTED 8);
    my @attr = (SIZE => 0x01, UIDGID => 0x02, PERMISSIONS => 0x04, ACMODTIME => 0x08, EXTENDED => 0x80000000);
    my @fxe = qw(STATVFS_ST_READONLY 1 STATVFS_ST_NOSUID 2);
    my @err = qw(REMOTE_STAT_FAILED 1 REMOTE_OPEN_FAILED 2 LOCAL_ALREADY_EXISTS 3 LOCAL_OPEN_FAILED 26
        REMOTE_READ_FAILED 5 REMOTE_BLOCK_TOO_SMALL 6 LOCAL_WRITE_FAILED 7 REMOTE_BAD_PERMISSIONS 8
        LOCAL_CHMOD_FAILED 9 REMOTE_BAD_TIME 10 LOCAL_UTIME_FAILED 11 REMOTE_BAD_MESSAGE 13
        REMOTE_REALPATH_FAILED 14 REMOTE_OPENDIR_FAILED 15 REMOTE_WRITE_FAILED 16 REMOTE_RENAME_FAILED 17
        REMOTE_LSTAT_FAILED 18 REMOTE_FSTAT_FAILED 19 REMOTE_CLOSE_FAILED 20 REMOTE_REMOVE_FAILED 21
        REMOTE_MKDIR_FAILED 22 REMOTE_RMDIR_FAILED 23 REMOTE_SETSTAT_FAILED 24 REMOTE_FSETSTAT_FAILED 25
        LOCAL_STAT_FAILED 27 LOCAL_READ_ERROR 28 REMOTE_READDIR_FAILED 29 REMOTE_READLINK_FAILED 30
        REMOTE_SYMLINK_FAILED 31 REMOTE_BAD_PATH 32 LOCAL_MKDIR_FAILED 33 LOCAL_SYMLINK_FAILED 34
        REMOTE_BAD_OBJECT 35 REMOTE_ACCESING_CLOSED_FILE 36 CONNECTION_BROKEN 37 LOCAL_GENERIC_ERROR 38
        LOCAL_READLINK_FAILED 39 LOCAL_BAD_PATH 40 LOCAL_BAD_OBJECT 41 REMOTE_ALREADY_EXISTS 42
        ABORTED 44 REMOTE_BIGGER_THAN_LOCAL 45 LOCAL_BIGGER_THAN_REMOTE 46 LOCAL_SEEK_FAILED 47
        REMOTE_STATVFS_FAILED 48 REMOTE_FSTATVFS_FAILED 49 PASSWORD_AUTHENTICATION_FAILED 50
        REMOTE_HARDLINK_FAILED 51 LOCAL_RENAME_FAILED 52 REMOTE_FSYNC_FAILED 53);
    my %group = (fxp => ['SSH2_FXP_', \@fxp], flags => ['SSH2_FXF_', \@fxf], status => ['SSH2_FX_', \@fx],
        att => ['SSH2_FILEXFER_ATTR_', \@attr], ext => ['SSH2_FXE_', \@fxe], error => ['SFTP_ERR_', \@err]);
    for my $tag (sort keys %group) {
        my ($prefix, $list) = @{ $group{$tag} };
        my %pairs = @$list;
        $EXPORT_TAGS{$tag} = [ map { "$prefix$_" } sort keys %pairs ];
        $VALUE{"$prefix$_"} = $pairs{$_} for keys %pairs;
    }
    # exportable by name only, in no tag (as the real module's)
    $VALUE{SSH2_FILEXFER_VERSION} = 3;
    no strict 'refs';
    for my $name (keys %VALUE) {
        my $v = $VALUE{$name};
        *{$name} = sub () { $v };
    }
    @EXPORT_OK = sort keys %VALUE;
    return;
}
BEGIN { _define() }

1;

__END__

=head1 NAME

Net::SFTP::Foreign::Constants - Net::SFTP::Foreign's constants, for the cpan-bridge facade

=head1 SYNOPSIS

  use Net::SFTP::Foreign::Constants qw(:error :status :flags :fxp :att :ext);

  if ($sftp->error == SFTP_ERR_REMOTE_OPEN_FAILED and $sftp->status == SSH2_FX_NO_SUCH_FILE) { ... }

=head1 DESCRIPTION

The same names, values and export tags as the real module's
Net::SFTP::Foreign::Constants 1.63_05: C<:fxp> (SSH2_FXP_* packet types),
C<:flags> (SSH2_FXF_* open flags), C<:status> (SSH2_FX_* status codes),
C<:att> (SSH2_FILEXFER_ATTR_* attribute flags; SSH2_FILEXFER_VERSION by name),
C<:ext> (SSH2_FXE_*) and C<:error> (SFTP_ERR_*, the numbers
C<< $sftp->error >> carries). Nothing differs.

=cut
