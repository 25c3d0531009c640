package LogHelper;
# ABSTRACT: the old bridge's name for the Log::Log4perl facade, plus the old bridge's own API

use strict;
use warnings;

our $VERSION = '2.00';

use CPANBridge::Compat 'Log::Log4perl';    # perl/compat/Log/Log4perl.pm, even when perl/compat is not on @INC
use LogHelper::WlaLog;

our $INITIALIZED = 0;
our $CALLER_DEPTH = 1;

use constant { TRACE => 5000, DEBUG => 10000, INFO => 20000, WARN => 30000, ERROR => 40000, FATAL => 50000, OFF => (2**31) - 1 };

# `use LogHelper qw(get_logger :levels)`: the level constants (as subs and
# as $TRACE ... $FATAL) and get_logger, whatever the import list, as the old
# module gave them.
sub import {
    my $class = shift;
    my $pkg = caller;
    no strict 'refs';
    for my $name (qw(TRACE DEBUG INFO WARN ERROR FATAL OFF)) {
        *{"${pkg}::$name"} = \&{"LogHelper::$name"} unless defined &{"${pkg}::$name"};
        my $v = $Log::Log4perl::Level::PRIORITY{$name};
        *{"${pkg}::$name"} = \$v;
    }
    *{"${pkg}::get_logger"} = \&get_logger;
    return;
}

# The old LogHelper->new gave a bridge client; old scripts check it with test_python_bridge.
sub new { shift; require LogHelper::Bridge; return LogHelper::Bridge->new(@_) }

*initialized = \&Log::Log4perl::initialized;
*wrapper_register = \&Log::Log4perl::wrapper_register;

sub appender_by_name { shift if defined $_[0] && $_[0] eq __PACKAGE__; return Log::Log4perl->appender_by_name(@_) }

# The old get_logger: no argument (or '') is the category 'main', not the caller's package.
sub get_logger {
    shift if defined $_[0] && $_[0] eq __PACKAGE__;
    my ($category) = @_;
    return Log::Log4perl->get_logger(defined $category && length $category ? $category : 'main');
}

1;

__END__

=head1 NAME

LogHelper - the old bridge's name for the Log::Log4perl facade

=head1 VERSION

2.00

=head1 SYNOPSIS

  use lib '/opt/cpan-bridge/perl/lib';        # perl/compat need not be on @INC
  use LogHelper qw(get_logger :levels);

  my $l = LogHelper::WlaLog->new('WARN');
  $l->warn('careful');

  my $log = get_logger('A');                  # a Log::Log4perl::Logger
  Log::Log4perl->init('log4perl.conf');       # the whole facade is loaded

=head1 DESCRIPTION

Scripts written for the old bridge say C<use LogHelper> instead of C<use
Log::Log4perl>. This module loads the facade (L<Log::Log4perl>, from
F<perl/compat>, through L<CPANBridge::Compat>) and adds only what the old
LogHelper had and Log::Log4perl has not: level constants exported whatever
the import list, a C<get_logger> whose default category is C<main>,
C<< LogHelper->new >> (a bridge client), and L<LogHelper::WlaLog>.

=head1 METHODS

=head2 get_logger

  my $log = get_logger();          # category 'main'
  my $log = LogHelper::get_logger('A.B');

=head2 initialized, wrapper_register, appender_by_name

The same as Log::Log4perl's.

=head2 new

  my $bridge = LogHelper->new(debug => 1);
  $bridge->test_python_bridge or die 'no daemon';

=head1 SEE ALSO

L<Log::Log4perl>, L<LogHelper::WlaLog>, F<docs/logging.md>

=cut
