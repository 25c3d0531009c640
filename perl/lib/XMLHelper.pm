package XMLHelper;
# ABSTRACT: the old bridge's XMLHelper: XML::Simple (perl/compat) with its error tracking and escape helpers

use strict;
use warnings;

our $VERSION = '2.00';

use Carp ();
use CPANBridge;
use CPANBridge::Compat 'XML::Simple';

# The old module was a CPANBridge subclass (scripts check ->isa('CPANBridge')).
our @ISA = ('XML::Simple', 'CPANBridge');

# Its package default: with Strict set, errors return undef (get_last_error says why) instead of dying.
our $STRICT = 0;

my %KNOWN = map { $_ => 1 } qw(keyattr keeproot forcecontent contentkey noattr searchpath forcearray cache
    suppressempty parseropts grouptags nsexpand datahandler varattr variables normalisespace normalizespace
    valueattr strictmode rootname xmldecl outputfile noescape handler noindent attrindent nosort numericescape);

sub new {
    my ($class, %args) = @_;
    my (%xs, %bridge);
    while (my ($k, $v) = each %args) {
        (my $l = lc $k) =~ s/_//g;
        if ($KNOWN{$l}) { $xs{$k} = $v } else { $bridge{$k} = $v }
    }
    my $self = XML::Simple::new($class, %xs);
    my $b = CPANBridge->new(%bridge);
    $self->{$_} = $b->{$_} for keys %$b;
    $self->{strict} = exists $bridge{Strict} ? $bridge{Strict} : $STRICT;
    $self->{last_error} = undef;
    return $self;
}

sub _fail {
    my ($self, $prefix, $err) = @_;
    (my $msg = $err) =~ s/\s+\z//;
    $self->{last_error} = $msg;
    return undef if $self->{strict};
    Carp::croak("$prefix: $msg");
}

sub XMLin {
    my ($self, $source, @options) = @_;
    $self = $self->new unless ref $self;
    unless (defined $source) {
        $self->{last_error} = 'XMLin requires a source parameter';
        return undef if $self->{strict};
        Carp::croak('XMLin requires a source parameter');
    }
    my $data = eval { XML::Simple::XMLin($self, $source, @options) };
    return $self->_fail('XML parsing failed', $@) if $@;
    $self->{last_error} = undef;
    return $data;
}

sub XMLout {
    my ($self, $data, @options) = @_;
    $self = $self->new unless ref $self;
    unless (defined $data) {
        $self->{last_error} = 'XMLout requires data to convert';
        return undef if $self->{strict};
        Carp::croak('XMLout requires data to convert');
    }
    my $xml = eval { XML::Simple::XMLout($self, $data, @options) };
    return $self->_fail('XML generation failed', $@) if $@;
    $self->{last_error} = undef;
    return $xml;
}

sub get_last_error { return $_[0]{last_error} }

# The old helper's escapes: all five entities (&apos; too, unlike XMLout's).
sub escape_value {
    my ($self, $value) = @_;
    return $value unless defined $value;
    $value =~ s/&/&amp;/g;
    $value =~ s/</&lt;/g;
    $value =~ s/>/&gt;/g;
    $value =~ s/"/&quot;/g;
    $value =~ s/'/&apos;/g;
    return $value;
}

sub unescape_value {
    my ($self, $value) = @_;
    return $value unless defined $value;
    $value =~ s/&lt;/</g;
    $value =~ s/&gt;/>/g;
    $value =~ s/&quot;/"/g;
    $value =~ s/&apos;/'/g;
    $value =~ s/&amp;/&/g;
    return $value;
}

1;

__END__

=head1 NAME

XMLHelper - the old bridge's XML::Simple replacement, now XML::Simple's facade

=head1 SYNOPSIS

  use XMLHelper;
  my $parser = XMLHelper->new;              # or: new XMLHelper
  my $data = $parser->XMLin($file_or_xml, KeepRoot => 0);
  my $xml  = $parser->XMLout($data, RootName => 'opt');
  my $err  = $parser->get_last_error;

=head1 DESCRIPTION

XMLin and XMLout are XML::Simple's (see L<XML::Simple> in perl/compat):
the same data for the same options. What the old module added is kept:
errors die as C<XML parsing failed: ...> / C<XML generation failed: ...>
and are kept for C<get_last_error>; with C<< Strict => 1 >> (or
C<$XMLHelper::STRICT>) they return undef instead; an undef source dies with
C<XMLin requires a source parameter>; C<escape_value> / C<unescape_value>
convert the five XML entities (done in Perl now, no round trip); the object
is a L<CPANBridge> too (C<call_python>, C<debug>).

=cut
