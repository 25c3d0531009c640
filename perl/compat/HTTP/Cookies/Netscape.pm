package HTTP::Cookies::Netscape;
# ABSTRACT: drop-in HTTP::Cookies::Netscape 6.10: cookie jars in the Netscape/curl cookies.txt format

use strict;
use warnings;
no warnings qw(uninitialized numeric misc);    # as HTTP::Cookies: the real module prints none
use Carp ();

our $VERSION = '6.10';

require HTTP::Cookies;
our @ISA = ('HTTP::Cookies');

sub load {
    my ($self, $file) = @_;
    $file ||= $self->{file} || return;
    local $/ = "\n";
    open my $fh, '<', $file or return;
    my $magic = <$fh>;
    chomp $magic if defined $magic;
    unless (defined $magic && $magic =~ /^#(?: Netscape)? HTTP Cookie File/) {
        warn "$file does not look like a netscape cookies file";
        return;
    }
    my $now = time() - $HTTP::Cookies::EPOCH_OFFSET;
    while (my $line = <$fh>) {
        chomp $line;
        $line =~ s/\s*\#HttpOnly_//;    # curl marks HttpOnly cookies so
        next if $line =~ /^\s*\#/;
        next if $line =~ /^\s*$/;
        $line =~ tr/\n\r//d;
        my ($domain, $bool1, $path, $secure, $expires, $key, $val) = split /\t/, $line;
        $secure = ($secure eq 'TRUE');
        $self->set_cookie(undef, $key, $val, $path, $domain, undef, 0, $secure, $expires - $now, 0);
    }
    return 1;
}

sub save {
    my $self = shift;
    my %args = (
        file => $self->{file},
        ignore_discard => $self->{ignore_discard},
        @_ == 1 ? (file => $_[0]) : @_,
    );
    Carp::croak('Unexpected argument to save method') if keys %args > 2;
    my $file = $args{file} || return;
    open my $fh, '>', $file or return;
    # the header the real module writes, link and all, for tools that look for it
    print {$fh} "# Netscape HTTP Cookie File\n"
        . "# http://www.netscape.com/newsref/std/cookie_spec.html\n"
        . "# This is a generated file!  Do not edit.\n\n";
    my $now = time - $HTTP::Cookies::EPOCH_OFFSET;
    $self->scan(sub {
        my ($version, $key, $val, $path, $domain, $port, $path_spec, $secure, $expires, $discard, $rest) = @_;
        return if $discard && !$args{ignore_discard};
        $expires = $expires ? $expires - $HTTP::Cookies::EPOCH_OFFSET : 0;
        return if $now > $expires;
        print {$fh} join("\t", $domain, ($domain =~ /^\./ ? 'TRUE' : 'FALSE'), $path,
            ($secure ? 'TRUE' : 'FALSE'), $expires, $key, $val), "\n";
    });
    return 1;
}

1;

__END__

=head1 NAME

HTTP::Cookies::Netscape - cookie jar in Netscape cookies.txt format (cpan-bridge facade of 6.10)

=head1 SYNOPSIS

  use HTTP::Cookies::Netscape;
  my $jar = HTTP::Cookies::Netscape->new(file => 'cookies.txt', autosave => 1);
  $ua->cookie_jar($jar);

Same as the real class: loads curl/browser cookies.txt files (C<#HttpOnly_>
lines included), saves only cookies with an expiry time still to come, in
the same bytes as the real one.

=cut
