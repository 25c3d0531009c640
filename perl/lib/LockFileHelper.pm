package LockFileHelper;
# ABSTRACT: the old bridge's LockFileHelper: LockFile::Simple (perl/compat) plus the old API

use strict;
use warnings;

our $VERSION = '2.00';

use Errno ();
use CPANBridge;
use CPANBridge::Compat 'LockFile::Simple';
use LockFileHelper::Lock;

# The old module was a CPANBridge subclass; call_python on a manager still works.
our @ISA = ('LockFile::Simple', 'CPANBridge');

# The old module answered LockFile::Simple->make with its own manager, and
# scripts written for it (NfsLock) rely on that; set 0 for the facade's own make.
our $OLD_API = 1;

my $MANAGERS = 0;


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
    # the old module's manager lived in its daemon under this id; scripts print it
    $self->{manager_id} = 'lockmgr_' . $$ . '_' . ++$MANAGERS;
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

1;

__END__

=head1 NAME

LockFileHelper - the old bridge's LockFile::Simple replacement, now LockFile::Simple's facade plus the old API

=head1 VERSION

2.00

=head1 SYNOPSIS

  use lib '/opt/cpan-bridge/perl/lib';     # perl/compat need not be on @INC
  use LockFileHelper;

  my $mgr = LockFileHelper->make(-nfs => 1, -hold => 90);
  if (my $lock = $mgr->trylock($work_file, '$DATADIR/out_files/%F.lock')) {
      print "locked ", $lock->lockfile, "\n";
      $lock->release;
  } else {
      print "Couldn't lock file $work_file because $!\n";    # EEXIST; $mgr->error says more
  }

  # as the old module allowed: LockFile::Simple->make gives the same manager
  my $lockmgr = LockFile::Simple->make(-nfs => 1, -hold => 90);

=head1 DESCRIPTION

C<use LockFileHelper> loads the LockFile::Simple facade from F<perl/compat>
(L<LockFile::Simple>, which documents the methods) and adds only what the
old bridge's module had that LockFile::Simple has not. A LockFileHelper is a
LockFile::Simple (and, as before, a CPANBridge).

=head1 METHODS

=head2 make

  my $mgr = LockFileHelper->make(-nfs => 1, -hold => 90, -max_age => 90, -delay => 1, -max_wait => 10);

Defaults C<< -hold => 90, -delay => 1 >>; C<-max_age> is C<-hold>, and
C<-max_wait> seconds become C<-max> attempts C<-delay> apart. Option names
without the dash are taken too.

While C<$LockFileHelper::OLD_API> is true (the default once this module is
loaded), C<< LockFile::Simple->make(...) >> returns C<< LockFileHelper->make(...) >>,
as the old module did. Set it to 0 for LockFile::Simple's own C<make>.

=head2 trylock

  my $lock = $mgr->trylock($file, $pattern);

One attempt. The pattern's C<$VAR> and C<${VAR}> are expanded from the
environment, then C<%f %F %D %p> as LockFile::Simple does. Returns a
C<LockFileHelper::Lock>, or undef with C<$!> set to C<EEXIST> and C<error>
set.

=head2 error

  my $why = $mgr->error;    # "Could not acquire lock on FILE: Lock file exists", or undef

=head2 LockFileHelper::Lock

What C<trylock> returns; see L<LockFileHelper::Lock>.

=head1 SEE ALSO

L<LockFile::Simple>, L<CPANBridge>, docs/lockfile.md

=cut
