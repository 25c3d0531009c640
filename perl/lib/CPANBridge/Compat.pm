package CPANBridge::Compat;
# ABSTRACT: loads a cpan-bridge facade from perl/compat without putting perl/compat on @INC

use strict;
use warnings;

our $VERSION = '1.00';

use Cwd ();
use File::Basename ();
use File::Spec ();

# perl/lib/CPANBridge/Compat.pm -> perl/compat, without `..` so %INC and messages name the file plainly
our $DIR = do {
    my $d = File::Spec->catdir(File::Basename::dirname(__FILE__), File::Spec->updir, File::Spec->updir, 'compat');
    Cwd::abs_path($d) || File::Spec->rel2abs($d);
};

sub import {
    my ($class, @modules) = @_;
    my $user = caller;
    load($_, $user) for @modules;
    return;
}

sub load {
    my ($module, $user) = @_;
    (my $file = "$module.pm") =~ s{::}{/}g;
    if ($INC{$file}) {
        my $have = Cwd::abs_path($INC{$file}) || $INC{$file};
        return 1 if $have eq "$DIR/$file";
        # The host's CPAN module came first: a class extending the facade would get the wrong parent.
        die(($user || __PACKAGE__) . ": $module is already loaded from $INC{$file} (not cpan-bridge's facade);"
            . ' load ' . ($user || 'the bridge module') . " first, or put perl/compat first on PERL5LIB\n");
    }
    # Only while this require runs: the facade's own `use` lines resolve to its
    # siblings in perl/compat, and the script's later `use` lines still find the
    # host's modules, which an old-name script may want alongside the facade.
    local @INC = ($DIR, grep { ref $_ || $_ ne $DIR } @INC);
    require $file;
    return 1;
}

1;

__END__

=head1 NAME

CPANBridge::Compat - load a facade by its CPAN name from the old bridge's names

=head1 SYNOPSIS

  package LogHelper;
  use CPANBridge::Compat 'Log::Log4perl';   # perl/compat/Log/Log4perl.pm and the files it uses
  our @ISA = ('Log::Log4perl');

  # at run time, e.g. an appender class named in a config file
  CPANBridge::Compat::load('Log::Log4perl::Appender::File');

=head1 DESCRIPTION

A facade's code lives under its CPAN name in F<perl/compat> (so C<perldoc -l
Log::Log4perl::Layout> finds it when F<perl/compat> is on C<PERL5LIB>). The
old bridge's names (C<LogHelper>, C<DBIHelper>, ...) live in F<perl/lib>,
which scripts put on C<@INC> without F<perl/compat>. They load the facade
through this module: F<perl/compat> goes first on C<@INC> only while the
facade is compiled, so the facade finds its sibling files and the script's
other C<use> lines are not redirected.

=head2 load

  CPANBridge::Compat::load('Crypt::CBC');

Loads the module from F<perl/compat> unless it is already loaded; dies as
C<require> does when it cannot. When the module is already loaded from
elsewhere (the host's CPAN module came first), it dies with a message that
names both files and the way out: the old name extends the facade, and one
process cannot hold two packages of one name.

=cut
