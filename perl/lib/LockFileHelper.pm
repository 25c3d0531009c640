package LockFileHelper;
# ABSTRACT: LockFile::Simple through the cpan-bridge daemon (and the old bridge's LockFileHelper API)

use strict;
use warnings;

our $VERSION = '2.00';

use CPANBridge;
use Errno ();
use JSON::PP ();
use Sys::Hostname ();

our @ISA = ('LockFile::Simple');

# Loaded directly (`use LockFileHelper`), LockFile::Simple->make gives the old
# bridge's manager, as the old module did; perl/compat/LockFile/Simple.pm
# turns this off so `use LockFile::Simple` gets the real module's behaviour.
our $OLD_API = 1;

my $BRIDGE;
sub _bridge { return $BRIDGE ||= CPANBridge->new }

# Old-bridge defaults: -hold 90, -delay 1 (LockFile::Simple itself: 3600, 2).
sub make {
    my ($class, %args) = @_;
    my %opt = (-hold => 90, -delay => 1);
    for my $k (keys %args) {
        (my $name = $k) =~ s/^-//;
        $name = 'hold' if $name eq 'max_age';
        $opt{"-$name"} = $args{$k};
    }
    if (defined $opt{'-max_wait'}) {
        my $d = $opt{'-delay'} || 1;
        $opt{'-max'} = 1 + int($opt{'-max_wait'} / $d);
    }
    my $self = LockFile::Simple::make(ref($class) || $class, %opt);
    $self->{last_error} = undef;
    return $self;
}

sub trylock {
    my ($self, $file, $format) = @_;
    defined $file or do { require Carp; Carp::croak('Filename required for trylock') };
    # The old bridge expanded $VAR and ${VAR} from the environment in patterns
    # (NfsLock's "$DATADIR/out_files/%F.lock" in single quotes).
    $format =~ s/\$\{(\w+)\}|\$(\w+)/my $n = defined $1 ? $1 : $2; exists $ENV{$n} ? $ENV{$n} : $&/ge if defined $format;
    my $lock = $self->LockFile::Simple::trylock($file, $format);
    if (!$lock) {
        $self->{last_error} = "Could not acquire lock on $file: Lock file exists";
        $! = Errno::EEXIST();
        return undef;
    }
    $self->{last_error} = undef;
    return bless $lock, 'LockFileHelper::Lock';
}

sub error { return $_[0]->{last_error} }

package LockFileHelper::Lock; # hide from PAUSE/indexers
our @ISA = ('LockFile::Lock::Simple');
# The old bridge's lock objects answered filename/lockfile with the locked
# file and its lock file (LockFile::Lock's filename is the caller's script).
sub filename { return $_[0]->{file} }
sub lockfile { return $_[0]->{lockfile} }
sub release {
    my $self = shift;
    return 1 if $self->{released};
    my $ok = $self->SUPER::release();
    $self->{released} = 1;
    return $ok;
}

package LockFile::Simple; # hide from PAUSE/indexers
use strict;
use warnings;
require Exporter;
our @ISA = ('Exporter');
our @EXPORT = ();
our @EXPORT_OK = qw(lock trylock unlock);
our $VERSION = '0.208';

my $LOCKER;

sub make {
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
    $self->{manager} = LockFile::Manager->manager($self->{wfunc}, $self->{efunc}) if $self->{autoclean};
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
        my ($r, $err) = LockFileHelper::_bridge()->rpc('lockfile.attempt', \%p);
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
    my ($r, $err) = LockFileHelper::_bridge()->rpc('lockfile.unlock', \%p);
    if ($err) {
        $self->{efunc}->("cannot unlock $file: $err->{message}");
        return 0;
    }
    $self->_report($r->{messages});
    return $r->{unlocked} ? 1 : 0;
}

package LockFile::Lock; # hide from PAUSE/indexers
sub _lock_init {
    my ($self, $scheme, $filename, $line) = @_;
    @{$self}{qw(scheme filename line)} = ($scheme, $filename, $line);
}
sub scheme   { $_[0]->{scheme} }
sub filename { $_[0]->{filename} }
sub line     { $_[0]->{line} }
sub release  { my $self = shift; return $self->scheme->release($self) }
sub where    { return sprintf '"%s", line %d', $_[0]->filename, $_[0]->line }

package LockFile::Lock::Simple; # hide from PAUSE/indexers
our @ISA = ('LockFile::Lock');
sub make {
    my $self = bless {}, shift;
    my ($scheme, $file, $format, $filename, $line) = @_;
    @{$self}{qw(file format)} = ($file, $format);
    $self->_lock_init($scheme, $filename, $line);
    return $self;
}
sub file   { $_[0]->{file} }
sub format { $_[0]->{format} }

package LockFile::Manager; # hide from PAUSE/indexers
my $MANAGER;
sub make {
    my ($class, $wfunc, $efunc) = @_;
    return bless { pool => {}, wfunc => $wfunc, efunc => $efunc }, $class;
}
# The real module loads LockFile::Manager, and so compiles its END block, on
# the first -autoclean make: after the script's own END blocks, so it runs
# before them. Compiling ours at the same moment keeps that order.
our $MANAGER_REF;
sub manager {
    my $class = shift;
    return $MANAGER if $MANAGER;
    $MANAGER = $class->make(@_);
    $MANAGER_REF = \$MANAGER;
    eval 'END { ${$LockFile::Manager::MANAGER_REF}->release_all if $LockFile::Manager::MANAGER_REF && ${$LockFile::Manager::MANAGER_REF} } 1' or die $@;    ## no critic (ProhibitStringyEval)
    return $MANAGER;
}
sub remember {
    my ($self, $lock) = @_;
    if (exists $self->{pool}{$lock}) { $self->{efunc}->("lock $lock already remembered"); return }
    $self->{pool}{$lock} = $lock;
}
sub forget {
    my ($self, $lock) = @_;
    unless (exists $self->{pool}{$lock}) { $self->{efunc}->("lock $lock not remembered yet"); return }
    delete $self->{pool}{$lock};
}
sub release_all {
    my $self = shift;
    my $n = scalar keys %{ $self->{pool} };
    return unless $n;
    my $s = $n == 1 ? '' : 's';
    $self->{wfunc}->("releasing $n pending lock$s...");
    $_->release for values %{ $self->{pool} };
}

package LockFileHelper;
# Scripts that `use LockFileHelper` and then call LockFile::Simple->make get this
# facade, never the CPAN module.
$INC{'LockFile/Simple.pm'} ||= __FILE__;
$INC{'LockFile/Lock.pm'} ||= __FILE__;
$INC{'LockFile/Lock/Simple.pm'} ||= __FILE__;
$INC{'LockFile/Manager.pm'} ||= __FILE__;

1;

__END__

=head1 NAME

LockFileHelper - LockFile::Simple for hosts without CPAN, through the cpan-bridge daemon

=head1 VERSION

2.00 (mimics LockFile::Simple 0.208)

=head1 SYNOPSIS

  use LockFile::Simple qw(lock trylock unlock);   # perl/compat first on PERL5LIB
  lock("/some/file") || die "can't lock /some/file\n";
  unlock("/some/file");

  my $lockmgr = LockFile::Simple->make(-format => '%f.lck', -max => 20, -delay => 1, -nfs => 1);
  my $lock = $lockmgr->trylock("/some/file") or die "busy\n";
  $lock->release;

  # the old bridge's API
  use LockFileHelper;
  my $mgr = LockFileHelper->make(-nfs => 1, -hold => 90);
  if (my $lock = $mgr->trylock($work_file, "$dir/%F.lock")) { ...; $lock->release }
  else { print "Couldn't lock file $work_file because $!\n" }

=head1 DESCRIPTION

Notation: C<$lockmgr> is a LockFile::Simple object, C<$lock> a lock handle,
C<$file> the file to lock, C<$format> a lock file format.

The lock files are the real module's: same place (C<$file.lock>, C<-ext>,
C<-format> with C<%% %f %D %F %p>), same content (the script's PID and a
newline, C<PID:hostname> with C<-nfs>), same mode (0444). So scripts using
the real LockFile::Simple and scripts using this facade exclude each other.
The daemon creates and removes the files on the script's behalf (one round
trip per attempt) and keeps each lock as a handle of kind C<lock>: when the
script exits or dies, its locks are removed (only if the file still carries
its stamp). Waiting, the C<-wmin>/C<-wafter> warnings and C<-wfunc>/C<-efunc>
callbacks run in the script.

=head1 METHODS

=head2 make

  $lockmgr = LockFile::Simple->make(-max => 30, -delay => 2, -hold => 3600, -stale => 0,
      -nfs => 0, -ext => '.lock', -format => undef, -warn => 1, -wmin => 15, -wafter => 20,
      -wfunc => \&warn, -efunc => \&warn, -autoclean => 0);

=head2 configure

  $lockmgr->configure(-nfs => 0);

=head2 lock, trylock, unlock

  $lock = $lockmgr->lock($file, $format)    or die "can't lock $file\n";
  $lock = $lockmgr->trylock($file, $format) or warn "already locked\n";
  $ok   = $lockmgr->unlock($file);
  lock($file); trylock($file); unlock($file);   # exported, default manager

=head2 release

  $ok = $lock->release;

=head2 lockfile

  $path = $lockmgr->lockfile($file, $format);

=head2 LockFileHelper->make, trylock, error

The old bridge's API: C<make> defaults to C<< -hold => 90, -delay => 1 >>
and accepts C<-max_age>/C<-max_wait>; C<trylock> returns a lock whose
C<filename>/C<lockfile> are the locked file and lock path, sets C<$!> and
C<error> on failure.

=head1 DIFFERENCES FROM LockFile::Simple

Lock files are created atomically (a temporary file hard-linked to the lock
name), so two bridge scripts can never both win a race; the real module's
open-write-reread check can, as root. A lock holder whose PID exists but
belongs to another user (C<EPERM>) counts as alive for C<-stale>.
Log::Agent is never loaded; C<wfunc>/C<efunc> default to printing what
Log::Agent's default driver prints (C<WARNING: msg>, C<Msg>), as the real
module does on Debian where Log::Agent is installed with it.

=head1 SEE ALSO

L<LockFile::Simple>, L<CPANBridge>

=cut
