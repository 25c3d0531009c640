package LWP::Simple;
# ABSTRACT: drop-in LWP::Simple 6.68 over the LWP::UserAgent facade (get, head, getprint, getstore, mirror)

use strict;
use warnings;

our $VERSION = '6.68';

require Exporter;
our @EXPORT = qw(get head getprint getstore mirror);
our @EXPORT_OK = qw($ua);

# LWP::Simple has always exported HTTP::Status's RC_* constants and is_* functions too
use HTTP::Status;
push @EXPORT, @HTTP::Status::EXPORT;

sub import {
    my $pkg = shift;
    my $callpkg = caller;
    Exporter::export($pkg, $callpkg, @_);
    return;
}

use LWP::UserAgent ();
use HTTP::Date ();
use HTTP::Request ();

our $ua = LWP::UserAgent->new;
$ua->agent("LWP::Simple/$VERSION ");
$ua->env_proxy;

sub get ($) {
    my $response = $ua->get(shift);
    return $response->decoded_content if $response->is_success;
    return undef;
}

sub head ($) {
    my ($url) = @_;
    my $response = $ua->request(HTTP::Request->new(HEAD => $url));
    if ($response->is_success) {
        return $response unless wantarray;
        return (scalar $response->header('Content-Type'),
            scalar $response->header('Content-Length'),
            HTTP::Date::str2time($response->header('Last-Modified')),
            HTTP::Date::str2time($response->header('Expires')),
            scalar $response->header('Server'));
    }
    return;
}

sub getprint ($) {
    my ($url) = @_;
    local $\ = '';
    my $response = $ua->request(HTTP::Request->new(GET => $url), sub { print $_[0] });
    print STDERR $response->status_line, " <URL:$url>\n" unless $response->is_success;
    return $response->code;
}

sub getstore ($$) {
    my ($url, $file) = @_;
    my $response = $ua->request(HTTP::Request->new(GET => $url), $file);
    return $response->code;
}

sub mirror ($$) {
    my ($url, $file) = @_;
    return $ua->mirror($url, $file)->code;
}

1;

__END__

=head1 NAME

LWP::Simple - drop-in LWP::Simple over the cpan-bridge LWP::UserAgent facade

=head1 SYNOPSIS

  use LWP::Simple;

  my $page = get('https://example.com/') or die "no page";
  my $rc = getstore('https://example.com/file.csv', 'file.csv');
  die "failed: $rc" if is_error($rc);
  my ($type, $length, $modified) = head('https://example.com/');
  mirror('https://example.com/feed.xml', 'feed.xml') == RC_NOT_MODIFIED and print "unchanged\n";

=head1 DESCRIPTION

The real module's functions, exports (C<get head getprint getstore mirror>
and HTTP::Status's C<RC_*> constants and C<is_*> functions; C<$ua> on
request) and the shared C<$LWP::Simple::ua> (agent C<LWP::Simple/6.68
libwww-perl/6.68>, C<env_proxy> applied). Everything differing is the
LWP::UserAgent facade's: see L<LWP::UserAgent/DIFFERENCES FROM THE REAL MODULE>.

=cut
