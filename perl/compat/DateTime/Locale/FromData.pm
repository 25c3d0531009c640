package DateTime::Locale::FromData;
# What $dt->locale returns in the DateTime facade: the class name of the real
# DateTime::Locale's objects, and only en-US's facts (the facade's one locale).

use strict;
use warnings;

our $VERSION = '1.37';

sub new  { my ($class, $code) = @_; return bless { code => defined $code && !ref $code ? $code : 'en-US' }, $class }
sub code { $_[0]{code} }
sub id   { $_[0]{code} }
sub name { $_[0]{code} eq 'en-US' ? 'English United States' : $_[0]{code} }
sub first_day_of_week { 7 }

1;

__END__

=head1 NAME

DateTime::Locale::FromData - the locale object of the cpan-bridge DateTime facade

=head1 SYNOPSIS

  my $locale = DateTime->now->locale;
  print $locale->code, ' ', $locale->name, "\n";    # en-US English United States

=head1 DESCRIPTION

The facade formats in en-US only; C<locale> returns one of these so scripts
that ask for the locale's code or name get an answer. C<new> takes a locale
code (the real class takes CLDR data).

=head1 METHODS

C<code>, C<id>, C<name>, C<first_day_of_week>.

=cut
