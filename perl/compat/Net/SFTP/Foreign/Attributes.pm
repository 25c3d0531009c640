package Net::SFTP::Foreign::Attributes;
# ABSTRACT: a remote file's attributes (size, uid, gid, perm, atime, mtime) as Net::SFTP::Foreign returns them

use strict;
use warnings;

our $VERSION = '1.68_05';

use Carp ();
use Net::SFTP::Foreign::Constants qw(:att);

sub new {
    my $class = shift;
    return bless { flags => 0 }, ref($class) || $class;
}

# From the daemon's {size, uid, gid, perm, atime, mtime}: a field that is
# absent or null leaves its flag unset, as a server that did not send it.
sub _from_wire {
    my ($class, $w) = @_;
    my $self = $class->new;
    $self->set_size($w->{size}) if defined $w->{size};
    $self->set_ugid($w->{uid}, $w->{gid}) if defined $w->{uid} && defined $w->{gid};
    $self->set_perm($w->{perm}) if defined $w->{perm};
    $self->set_amtime($w->{atime}, $w->{mtime}) if defined $w->{atime} && defined $w->{mtime};
    return $self;
}

# The setstat params the daemon takes.
sub _to_wire {
    my $self = shift;
    my %w;
    $w{size} = $self->{size} if $self->{flags} & SSH2_FILEXFER_ATTR_SIZE;
    @w{qw(uid gid)} = @{$self}{qw(uid gid)} if $self->{flags} & SSH2_FILEXFER_ATTR_UIDGID;
    $w{perm} = $self->{perm} if $self->{flags} & SSH2_FILEXFER_ATTR_PERMISSIONS;
    @w{qw(atime mtime)} = @{$self}{qw(atime mtime)} if $self->{flags} & SSH2_FILEXFER_ATTR_ACMODTIME;
    return \%w;
}

sub new_from_stat {
    my ($class, @st) = @_;
    return undef unless @st;
    my $self = $class->new;
    $self->set_size($st[7]);
    $self->set_ugid($st[4], $st[5]);
    $self->set_perm($st[2]);
    $self->set_amtime($st[8], $st[9]);
    return $self;
}

sub flags { $_[0]{flags} }
sub size  { $_[0]{size} }
sub uid   { $_[0]{uid} }
sub gid   { $_[0]{gid} }
sub perm  { $_[0]{perm} }
sub atime { $_[0]{atime} }
sub mtime { $_[0]{mtime} }
sub extended { @{ $_[0]{extended} || [] } }

sub set_size {
    my ($self, $size) = @_;
    if (defined $size) { $self->{flags} |= SSH2_FILEXFER_ATTR_SIZE; $self->{size} = $size }
    else { $self->{flags} &= ~SSH2_FILEXFER_ATTR_SIZE; delete $self->{size} }
}

sub set_ugid {
    my ($self, $uid, $gid) = @_;
    if (defined $uid && defined $gid) {
        $self->{flags} |= SSH2_FILEXFER_ATTR_UIDGID;
        @{$self}{qw(uid gid)} = ($uid, $gid);
    }
    elsif (!defined $uid && !defined $gid) {
        $self->{flags} &= ~SSH2_FILEXFER_ATTR_UIDGID;
        delete @{$self}{qw(uid gid)};
    }
    else { Carp::croak('wrong arguments for set_ugid') }
}

sub set_perm {
    my ($self, $perm) = @_;
    if (defined $perm) { $self->{flags} |= SSH2_FILEXFER_ATTR_PERMISSIONS; $self->{perm} = $perm }
    else { $self->{flags} &= ~SSH2_FILEXFER_ATTR_PERMISSIONS; delete $self->{perm} }
}

sub set_amtime {
    my ($self, $atime, $mtime) = @_;
    if (defined $atime && defined $mtime) {
        $self->{flags} |= SSH2_FILEXFER_ATTR_ACMODTIME;
        @{$self}{qw(atime mtime)} = ($atime, $mtime);
    }
    elsif (!defined $atime && !defined $mtime) {
        $self->{flags} &= ~SSH2_FILEXFER_ATTR_ACMODTIME;
        delete @{$self}{qw(atime mtime)};
    }
    else { Carp::croak('wrong arguments for set_amtime') }
}

sub set_extended {
    my $self = shift;
    @_ & 1 and Carp::croak('odd number of arguments passed to set_extended');
    if (@_) { $self->{flags} |= SSH2_FILEXFER_ATTR_EXTENDED; $self->{extended} = [@_] }
    else { $self->{flags} &= ~SSH2_FILEXFER_ATTR_EXTENDED; delete $self->{extended} }
}

sub append_extended {
    my $self = shift;
    @_ & 1 and Carp::croak('odd number of arguments passed to append_extended');
    $self->set_extended($self->extended, @_) if @_;
}

sub clone {
    my $self = shift;
    my $clone = { %$self };
    $clone->{extended} = [ @{ $self->{extended} } ] if $self->{extended};
    return bless $clone, ref $self;
}

1;

__END__

=head1 NAME

Net::SFTP::Foreign::Attributes - remote file attributes, for the cpan-bridge Net::SFTP::Foreign facade

=head1 SYNOPSIS

  my $a = $sftp->stat('report.csv') or die $sftp->error;
  printf "%d bytes, mode %o, mtime %d\n", $a->size, $a->perm & 07777, $a->mtime;

  my $set = Net::SFTP::Foreign::Attributes->new;
  $set->set_perm(0640);
  $sftp->setstat('report.csv', $set);

=head1 DESCRIPTION

The accessors of the real module's class: C<flags>, C<size>, C<uid>,
C<gid>, C<perm>, C<atime>, C<mtime>, C<extended>, the setters
C<set_size>, C<set_ugid>, C<set_perm>, C<set_amtime>, C<set_extended>,
C<append_extended>, and C<new>, C<new_from_stat>, C<clone>. An entry of
C<< $sftp->ls >> holds one under C<a>. What differs: the attributes come
from the daemon's reply, not an SFTP packet, so there is no
C<new_from_buffer>/C<as_buffer>, and extended attributes the server sends
are not passed on (C<extended> is empty unless set locally).

=cut
