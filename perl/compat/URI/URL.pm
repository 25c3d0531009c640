package URI::URL;
# URI::URL of the URI 5.17 facade: the old URI::URL API (url(), epath, full_path, crack, ...)

use strict;
use warnings;
use Carp ();
use Exporter 'import';    # url() only; not an Exporter subclass, as the real one
use URI::WithBase ();
use URI::Escape qw(uri_unescape);
use URI::_foreign ();
use URI::mailto ();

our $VERSION = '5.17';
our @ISA = ('URI::WithBase');
our @EXPORT = qw(url);
our ($STRICT, $ABS_ALLOW_RELATIVE_SCHEME, $ABS_REMOTE_LEADING_DOTS);

sub url ($;$) { URI::URL->new(@_) }

sub new {
    my $class = shift;
    my $self = $class->SUPER::new(@_);
    $self->[0] = $self->[0]->canonical;
    return $self;
}

sub newlocal {
    my $class = shift;
    require URI::file;
    return bless [URI::file->new_abs(shift)], $class;
}

# With URI::URL loaded the real module makes URI::_foreign->_init die under
# strict and URI::mailto answer authority (so netloc works); the same
# methods, installed when this file loads, as there.
sub _foreign_init {
    my $class = shift;
    die "Unknown URI::URL scheme $_[1]:" if $URI::URL::STRICT;
    return URI::_init($class, @_);
}
sub _mailto_authority { shift->to(@_) }
{
    no warnings 'redefine';
    *URI::_foreign::_init = \&_foreign_init;
    *URI::mailto::authority = \&_mailto_authority;
}

sub strict {
    my $old = $STRICT;
    $STRICT = shift if @_;
    return $old;
}

sub print_on {
    my $self = shift;
    require Data::Dumper;
    print STDERR Data::Dumper::Dumper($self);
    return;
}

sub _try {
    my $self = shift;
    my $method = shift;
    return scalar(eval { $self->$method(@_) });
}

sub crack {
    my $self = shift;
    return (scalar($self->scheme), $self->_try('user'), $self->_try('password'), $self->_try('host'), $self->_try('port'),
        $self->_try('path'), $self->_try('params'), $self->_try('query'), scalar($self->fragment));
}

sub full_path {
    my $self = shift;
    my $path = $self->path_query;
    return length $path ? $path : '/';
}

sub netloc { shift->authority(@_) }

sub epath {
    my $path = shift->SUPER::path(@_);
    $path =~ s/;.*//;
    return $path;
}

sub eparams {
    my $self = shift;
    my @p = $self->path_segments;
    return undef unless ref $p[-1];
    @p = @{ $p[-1] };
    shift @p;
    return join ';', @p;
}

sub params { shift->eparams(@_) }

sub path {
    my $self = shift;
    my $old = $self->epath(@_);
    return unless defined wantarray;
    return '/' if !defined $old || !length $old;
    Carp::croak("Path components contain '/' (you must call epath)") if $old =~ /%2[fF]/ && !@_;
    $old = "/$old" if $old !~ m|^/| && defined $self->netloc;
    return uri_unescape($old);
}

sub path_components { shift->path_segments(@_) }

sub query {
    my $self = shift;
    my $old = $self->equery(@_);
    if (defined wantarray && defined $old) {
        if ($old =~ /%(?:26|2[bB]|3[dD])/) {
            my $mess;
            $mess = "Query contains both '+' and '%2B'" if $old =~ /\+/ && $old =~ /%2[bB]/;
            $mess = "Form query contains escaped '=' or '&'" if $old =~ /=/ && $old =~ /%(?:3[dD]|26)/;
            Carp::croak("$mess (you must call equery)") if $mess;
        }
        return uri_unescape($old);
    }
    return undef;
}

sub abs {
    my $self = shift;
    my $base = shift;
    my $allow_scheme = shift;
    $allow_scheme = $ABS_ALLOW_RELATIVE_SCHEME unless defined $allow_scheme;
    local $URI::ABS_ALLOW_RELATIVE_SCHEME = $allow_scheme;
    local $URI::ABS_REMOTE_LEADING_DOTS = $ABS_REMOTE_LEADING_DOTS;
    return $self->SUPER::abs($base);
}

sub frag     { shift->fragment(@_) }
sub keywords { shift->query_keywords(@_) }

sub local_path { shift->file }
sub unix_path  { shift->file('unix') }
sub dos_path   { shift->file('dos') }
sub mac_path   { shift->file('mac') }
sub vms_path   { shift->file('vms') }

sub address        { shift->to(@_) }
sub encoded822addr { shift->to(@_) }

sub groupart { shift->_group(@_) }
sub article  { shift->message(@_) }

1;

__END__

=head1 NAME

URI::URL - the old URI::URL interface (cpan-bridge facade of URI 5.17's URI::URL)

=head1 SYNOPSIS

  use URI::URL;
  my $url = url('../x?a=1', 'http://h/a/b');
  print $url->abs;                 # http://h/x?a=1
  print $url->full_path;           # ../x?a=1
  my ($scheme, $user, $pass, $host, $port, $path) = $url->crack;
  $url->netloc; $url->epath; $url->eparams; $url->frag; $url->keywords;

Same as the real module (it also makes URI::_foreign->new die under
C<< URI::URL::strict(1) >> and gives URI::mailto an C<authority>, as the
real one does once loaded). Differs where the URI facade does: C<dos_path>,
C<mac_path>, C<vms_path> give Unix paths (see L<URI::file>); news: URLs are
generic, so C<groupart>/C<article> are not there; under C<strict(1)> a
scheme this facade has no class for (ldap, news, ...) dies as unknown.

=cut
