package LockFile::Simple;
# ABSTRACT: cpan-bridge facade of LockFile::Simple 0.208: the daemon takes and removes the lock files

use strict;
use warnings;

use CPANBridge;
use JSON::PP ();
use Sys::Hostname ();
require Exporter;
require LockFile::Lock::Simple;

our $VERSION = '0.208';
our @ISA = ('Exporter');
our @EXPORT = ();
our @EXPORT_OK = qw(lock trylock unlock);

my $BRIDGE;
sub _bridge { return $BRIDGE ||= CPANBridge->new }

my $LOCKER;

sub make {
    # A script that loaded the old bridge's LockFileHelper gets its manager
    # here, as the old module gave it (see LockFileHelper).
    return LockFileHelper->make(@_[1 .. $#_]) if $LockFileHelper::OLD_API && !ref $_[0] && $_[0] eq 'LockFile::Simple';
    my $self = bless {}, shift;
    %$self = (
        max => 30, delay => 2, hold => 3600, ext => '.lock', nfs => 0, stale => 0,
        warn => 1, wmin => 15, wafter => 20, autoclean => 0, lock_by_file => {},
        wfunc => \&_agent_warn, efunc => \&_agent_err,
    );
    $self->configure(@_);
    return $self;
}

sub locker { return $LOCKER ||= LockFile::Simple->make('-warn' => 1) }

sub configure {
    my ($self, %h) = @_;
    for my $attr (qw(autoclean max delay hold format ext nfs warn wfunc wmin wafter efunc stale)) {
        $self->{$attr} = $h{"-$attr"} if exists $h{"-$attr"};
    }
    $self->{wfunc} = \&no_warn unless defined $self->{wfunc};
    $self->{efunc} = \&no_warn unless defined $self->{efunc};
    if ($self->{autoclean}) {
        # At run time, as the real module: its END block must compile now (LockFile::Manager).
        require CPANBridge::Compat;
        CPANBridge::Compat::load('LockFile::Manager');
        $self->{manager} = LockFile::Manager->manager($self->{wfunc}, $self->{efunc});
    }
    return;
}

for my $attr (qw(max delay format hold nfs stale ext warn wmin wafter wfunc efunc autoclean lock_by_file manager)) {
    no strict 'refs';
    *{$attr} = sub { $_[0]->{$attr} };
}

sub core_warn { CORE::warn(@_) }
sub no_warn   { return }

# The real module reports through Log::Agent when it is installed (Debian's
# package depends on it); these print what Log::Agent's default driver does.
# A script that loaded Log::Agent itself gets the real routines.
sub _agent_warn {
    return Log::Agent::logwarn(@_) if defined &Log::Agent::logwarn;
    CORE::warn('WARNING: ' . join('', @_) . "\n");
}
sub _agent_err {
    return Log::Agent::logerr(@_) if defined &Log::Agent::logerr;
    CORE::warn(ucfirst(join '', @_) . "\n");
}

sub lock {
    my $self = shift;
    unless (ref $self) { unshift @_, $self; $self = locker() }
    my ($file, $format) = @_;
    return $self->take_lock($file, $format, 0);
}

sub trylock {
    my $self = shift;
    unless (ref $self) { unshift @_, $self; $self = locker() }
    my ($file, $format) = @_;
    return $self->take_lock($file, $format, 1);
}

sub take_lock {
    my ($self, $file, $format, $tryonly) = @_;
    my $lock = $self->{lock_by_file}{$file};
    if (defined $lock) {
        my $where = $lock->where;
        $self->{efunc}->("file $file already locked at $where") unless $tryonly;
        return undef;
    }
    my $id = $self->_acs_lock($file, $format, $tryonly);
    return undef unless $id;
    my (undef, $filename, $line) = caller(1);
    $lock = LockFile::Lock::Simple->make($self, $file, $format, $filename, $line);
    $lock->{_id} = $id;
    $lock->{lockfile} = $self->_path($file, $format);
    $self->{manager}->remember($lock) if $self->{autoclean};
    $self->{lock_by_file}{$file} = $lock;
    return $lock;
}

sub unlock {
    my $self = shift;
    unless (ref $self) { unshift @_, $self; $self = locker() }
    my ($file, $format) = @_;
    if (defined $format) { require Carp; Carp::carp('2nd argument (format) is no longer needed nor used') }
    my $lock = $self->{lock_by_file}{$file};
    unless (defined $lock) {
        $self->{efunc}->("file $file not currently locked");
        return undef;
    }
    return $self->release($lock);
}

sub release {
    my ($self, $lock) = @_;
    $self->{manager}->forget($lock) if $self->{autoclean};
    delete $self->{lock_by_file}{ $lock->file };
    return $self->_acs_unlock($lock->file, $lock->format, $lock->{_id});
}

sub lockfile {
    my ($self, $file, $format) = @_;
    no warnings 'uninitialized';    # the real module runs without warnings here
    local $_ = defined($format) ? $format : $self->format;
    s/%%/\01/g;
    s/%/\02/g;
    s/\02f/$file/g;
    s/\02D/&dir($file)/ge;
    s/\02F/&base($file)/ge;
    s/\02p/$$/g;
    s/\02/%/g;
    s/\01/%/g;
    return $_;
}

sub base { my ($b) = $_[0] =~ m|^.*/(.*)|; return (!defined $b || $b eq '') ? $_[0] : $b }
sub dir  { my ($d) = $_[0] =~ m|^(.*)/.*|; return (!defined $d || $d eq '') ? '.' : $d }

sub _path {
    my ($self, $file, $format) = @_;
    $format = $self->format unless defined $format;
    return defined $format ? $self->lockfile($file, $format) : $file . $self->ext;
}

sub _stamp {
    my $self = shift;
    return $self->nfs ? "$$:" . Sys::Hostname::hostname() : "$$";
}

sub _report {
    my ($self, $messages) = @_;
    for my $m (@{ $messages || [] }) {
        ($m->{kind} eq 'error' ? $self->{efunc} : $self->{wfunc})->($m->{text});
    }
    return;
}

# One daemon round trip per attempt; the waiting, and the warnings while
# waiting, stay here so wfunc/efunc (Perl code refs) run in the script.
sub _acs_lock {
    my ($self, $file, $format, $try) = @_;
    my ($max, $delay) = ($self->max, $self->delay);
    my %p = (
        file => "$file", lockfile => $self->_path($file, $format), stamp => $self->_stamp,
        host => Sys::Hostname::hostname(), nfs => $self->nfs ? JSON::PP::true : JSON::PP::false,
        hold => int($self->hold || 0), stale => $self->stale ? JSON::PP::true : JSON::PP::false,
        warn => $self->warn ? JSON::PP::true : JSON::PP::false,
    );
    my ($waited, $lastwarn) = (0, 0);
    while ($max-- > 0) {
        my ($r, $err) = _bridge()->rpc('lockfile.attempt', \%p);
        if ($err) {
            $self->{efunc}->("cannot lock $file: $err->{message}");
            return 0;
        }
        $self->_report($r->{messages});
        return $r->{lock_id} if $r->{locked};
        return 0 if $try;
        sleep $delay;
        $waited += $delay;
        if ($self->warn && ((!$lastwarn && $waited > $self->wmin) || ($waited - $lastwarn) > $self->wafter)) {
            my $waiting = $lastwarn ? 'still waiting' : 'waiting';
            my $after = $lastwarn ? 'after' : 'since';
            my $s = $waited == 1 ? '' : 's';
            $self->{wfunc}->("$waiting for $file lock $after $waited second$s");
            $lastwarn = $waited;
        }
    }
    return 0;
}

sub _acs_unlock {
    my ($self, $file, $format, $id) = @_;
    my %p = (file => "$file", lockfile => $self->_path($file, $format), stamp => $self->_stamp);
    $p{lock_id} = $id if defined $id;
    my ($r, $err) = _bridge()->rpc('lockfile.unlock', \%p);
    if ($err) {
        $self->{efunc}->("cannot unlock $file: $err->{message}");
        return 0;
    }
    $self->_report($r->{messages});
    return $r->{unlocked} ? 1 : 0;
}

1;

__END__

=head1 NAME

LockFile::Simple - cpan-bridge facade of LockFile::Simple 0.208

=head1 VERSION

0.208 (the version it mimics)

=head1 SYNOPSIS

  use LockFile::Simple qw(lock trylock unlock);   # perl/compat first on PERL5LIB
  lock("/some/file") || die "can't lock /some/file\n";
  unlock("/some/file");

  my $lockmgr = LockFile::Simple->make(-format => '%f.lck', -max => 20, -delay => 1, -nfs => 1);
  my $lock = $lockmgr->trylock("/some/file") or die "busy\n";
  $lock->release;

=head1 DESCRIPTION

Loaded instead of the CPAN module when F<perl/compat> comes first on
C<PERL5LIB>. Notation: C<$lockmgr> is a LockFile::Simple object, C<$lock> a
lock handle (L<LockFile::Lock::Simple>), C<$file> the file to lock,
C<$format> a lock file format.

The lock files are the real module's: same place (C<$file.lock>, C<-ext>,
C<-format> with C<%% %f %D %F %p>), same content (the script's PID and a
newline, C<PID:hostname> with C<-nfs>), same mode (0444). So scripts using
the real LockFile::Simple and scripts using this facade exclude each other.
The daemon creates and removes the files on the script's behalf (one round
trip, C<lockfile.attempt>, per attempt) and keeps each lock as a handle of
kind C<lock>: when the script exits or dies, its locks are removed (only if
the file still carries its stamp). Waiting, the C<-wmin>/C<-wafter>
warnings and C<-wfunc>/C<-efunc> callbacks run in the script.

=head1 METHODS

=head2 make

  $lockmgr = LockFile::Simple->make(-max => 30, -delay => 2, -hold => 3600, -stale => 0,
      -nfs => 0, -ext => '.lock', -format => undef, -warn => 1, -wmin => 15, -wafter => 20,
      -wfunc => \&warn, -efunc => \&warn, -autoclean => 0);

After C<use LockFileHelper> (the old bridge's module), C<< LockFile::Simple->make >>
returns the old bridge's manager; see L<LockFileHelper>.

=head2 configure

  $lockmgr->configure(-nfs => 0);

=head2 lock, trylock, unlock

  $lock = $lockmgr->lock($file, $format)    or die "can't lock $file\n";
  $lock = $lockmgr->trylock($file, $format) or warn "already locked\n";
  $ok   = $lockmgr->unlock($file);
  lock($file); trylock($file); unlock($file);   # exported, default manager (locker)

=head2 take_lock, release

  $lock = $lockmgr->take_lock($file, $format, $tryonly);   # what lock/trylock call
  $ok   = $lockmgr->release($lock);                         # what $lock->release calls

=head2 lockfile, base, dir

  $path = $lockmgr->lockfile($file, $format);   # the format with %% %f %D %F %p expanded

=head2 locker

  $lockmgr = LockFile::Simple::locker();        # the default manager of the exported functions

=head2 max, delay, format, hold, nfs, stale, ext, warn, wmin, wafter, wfunc, efunc, autoclean, lock_by_file, manager

Attribute accessors.

=head2 core_warn, no_warn

Reporting functions for C<-wfunc>/C<-efunc>: C<warn>, and nothing.

=head1 DIFFERENCES FROM LockFile::Simple

Lock files are created atomically (a temporary file hard-linked to the lock
name), so two bridge scripts can never both win a race; the real module's
open-write-reread check can, as root. A lock holder whose PID exists but
belongs to another user (C<EPERM>) counts as alive for C<-stale>.
Log::Agent is never loaded; C<wfunc>/C<efunc> default to printing what
Log::Agent's default driver prints (C<WARNING: msg>, C<Msg>), as the real
module does on Debian where Log::Agent is installed with it. Locks still
held when the script's session ends are removed by the daemon.

=head1 SEE ALSO

L<LockFile::Lock::Simple>, L<LockFile::Manager>, L<LockFileHelper>,
docs/lockfile.md

=cut
