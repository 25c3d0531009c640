package URI::file;
# URI::file of the URI 5.17 facade: file: URIs for Unix paths

use strict;
use warnings;
use URI ();
use URI::_generic ();
use URI::Escape qw(uri_unescape);

our $VERSION = '5.17';
our @ISA = ('URI::_generic');
our $DEFAULT_AUTHORITY = '';

sub host { uri_unescape(shift->authority(@_)) }

# A Unix path to a file: URI ($os is accepted and ignored: Unix rules).
sub new {
    my ($class, $path, $os) = @_;
    $path = '' unless defined $path;
    my $auth;
    if ($path =~ m,^/,) {
        $auth = $DEFAULT_AUTHORITY;
        $path =~ s,//+,/,g;
        $path =~ s,(/\.)+/,/,g;
    }
    else {
        $path =~ s,//+,/,g;
        $path =~ s,(/\.)+/,/,g;
        $path = "./$path" if $path =~ m,^[^:/]+:,;
    }
    if (defined $auth) {
        $auth =~ s,%,%25,g;
        $auth =~ s,([/?\#]), URI::Escape::escape_char($1),eg;
        $auth = "//$auth";
        $path = "/$path" unless substr($path, 0, 1) eq '/';
    }
    else {
        $auth = '';
    }
    $path =~ s,([%;?]), URI::Escape::escape_char($1),eg;
    $path =~ s/\#/%23/g;
    my $uri = $auth . $path;
    $uri = "file:$uri" if substr($uri, 0, 1) eq '/';
    return URI->new($uri, 'file');
}

sub new_abs {
    my $class = shift;
    my $file = $class->new(@_);
    return $file->abs($class->cwd) unless $$file =~ /^file:/;
    return $file;
}

sub cwd {
    my $class = shift;
    require Cwd;
    my $cwd = $class->new(Cwd::cwd());
    $cwd .= '/' unless substr($cwd, -1, 1) eq '/';
    return $cwd;
}

sub canonical {
    my $self = shift;
    my $other = $self->SUPER::canonical;
    my $scheme = $other->scheme;
    my $auth = $other->authority;
    return $other if !defined $scheme && !defined $auth;
    if (!defined $auth || $auth eq '' || lc $auth eq 'localhost'
        || (defined $DEFAULT_AUTHORITY && lc $auth eq lc $DEFAULT_AUTHORITY)) {
        if ((defined $auth || defined $DEFAULT_AUTHORITY)
            && (!defined $auth || !defined $DEFAULT_AUTHORITY || $auth ne $DEFAULT_AUTHORITY)) {
            $other = $other->clone if $self == $other;
            $other->authority($DEFAULT_AUTHORITY);
        }
    }
    return $other;
}

sub _is_localhost {
    my $host = lc shift;
    return 1 if $host eq 'localhost';
    return eval {
        require Net::Domain;
        lc(Net::Domain::hostfqdn() || '') eq $host || lc(Net::Domain::hostname() || '') eq $host;
    };
}

# The local path, undef when it cannot be one (a NUL or "/" in a segment).
sub file {
    my ($self) = @_;
    my @path;
    my $auth = $self->authority;
    if (defined $auth && lc $auth ne 'localhost' && $auth ne '') {
        $auth = uri_unescape($auth);
        push @path, '', '', $auth unless _is_localhost($auth);
    }
    my @ps = $self->path_segments;
    shift @ps if @path;
    push @path, @ps;
    for (@path) {
        return undef if /\0/ || /\//;
    }
    return join '/', @path;
}

sub dir { shift->file(@_) }

1;

__END__

=head1 NAME

URI::file - file: URIs of the cpan-bridge URI 5.17 facade (see L<URI>)

=head1 SYNOPSIS

  my $u = URI::file->new('/var/log/app.log');   # file:///var/log/app.log
  my $a = URI::file->new_abs('data/x.csv');     # against the current directory
  print URI->new('file:///srv/a%20b')->file;    # /srv/a b

Differs: Unix path rules only; the C<$os> argument of C<new>, C<file> and
C<dir> is ignored (the real module also converts Win32, Mac, OS/2 and FAT
paths) and there are no URI::file::* OS classes.

=cut
