package HTTP::Status;
# ABSTRACT: drop-in HTTP::Status 6.44 in core Perl (status texts, HTTP_*/RC_* constants, is_* tests)

use strict;
use warnings;
require Exporter;
our @ISA = ('Exporter');

our $VERSION = '6.44';

our @EXPORT = qw(is_info is_success is_redirect is_error status_message);
our @EXPORT_OK = qw(is_client_error is_server_error is_cacheable_by_default status_constant_name);

# IANA's registered codes and texts as HTTP::Status 6.44 has them, plus the
# three unregistered ones it keeps (418, 449, 509).
my %TEXT = (
    100 => "Continue",
    101 => "Switching Protocols",
    102 => "Processing",
    103 => "Early Hints",
    200 => "OK",
    201 => "Created",
    202 => "Accepted",
    203 => "Non-Authoritative Information",
    204 => "No Content",
    205 => "Reset Content",
    206 => "Partial Content",
    207 => "Multi-Status",
    208 => "Already Reported",
    226 => "IM Used",
    300 => "Multiple Choices",
    301 => "Moved Permanently",
    302 => "Found",
    303 => "See Other",
    304 => "Not Modified",
    305 => "Use Proxy",
    307 => "Temporary Redirect",
    308 => "Permanent Redirect",
    400 => "Bad Request",
    401 => "Unauthorized",
    402 => "Payment Required",
    403 => "Forbidden",
    404 => "Not Found",
    405 => "Method Not Allowed",
    406 => "Not Acceptable",
    407 => "Proxy Authentication Required",
    408 => "Request Timeout",
    409 => "Conflict",
    410 => "Gone",
    411 => "Length Required",
    412 => "Precondition Failed",
    413 => "Payload Too Large",
    414 => "URI Too Long",
    415 => "Unsupported Media Type",
    416 => "Range Not Satisfiable",
    417 => "Expectation Failed",
    421 => "Misdirected Request",
    422 => "Unprocessable Entity",
    423 => "Locked",
    424 => "Failed Dependency",
    425 => "Too Early",
    426 => "Upgrade Required",
    428 => "Precondition Required",
    429 => "Too Many Requests",
    431 => "Request Header Fields Too Large",
    451 => "Unavailable For Legal Reasons",
    500 => "Internal Server Error",
    501 => "Not Implemented",
    502 => "Bad Gateway",
    503 => "Service Unavailable",
    504 => "Gateway Timeout",
    505 => "HTTP Version Not Supported",
    506 => "Variant Also Negotiates",
    507 => "Insufficient Storage",
    508 => "Loop Detected",
    510 => "Not Extended",
    511 => "Network Authentication Required",
    418 => "I'm a teapot",
    449 => "Retry with",
    509 => "Bandwidth Limit Exceeded",);

my %NAME;
for my $code (sort keys %TEXT) {
    (my $word = $TEXT{$code}) =~ s/I'm/I am/;
    $word =~ tr/a-z \-/A-Z__/;
    my $value = 0 + $code;
    no strict 'refs';
    *{"HTTP_$word"} = sub () { $value };
    *{"RC_$word"} = \&{"HTTP_$word"};
    push @EXPORT_OK, "HTTP_$word";
    push @EXPORT, "RC_$word";
    $NAME{$code} = "HTTP_$word";
}

# the older names: 302's, and codes whose text was renamed
{
    no strict 'refs';
    *RC_MOVED_TEMPORARILY = \&RC_FOUND;
    push @EXPORT, 'RC_MOVED_TEMPORARILY';
    my %old = (
        REQUEST_ENTITY_TOO_LARGE => 'HTTP_PAYLOAD_TOO_LARGE',
        REQUEST_URI_TOO_LARGE => 'HTTP_URI_TOO_LONG',
        REQUEST_RANGE_NOT_SATISFIABLE => 'HTTP_RANGE_NOT_SATISFIABLE',
        NO_CODE => 'HTTP_TOO_EARLY',
        UNORDERED_COLLECTION => 'HTTP_TOO_EARLY',
    );
    for my $name (sort keys %old) {
        *{"RC_$name"} = \&{ $old{$name} };
        *{"HTTP_$name"} = \&{ $old{$name} };
        push @EXPORT, "RC_$name";
        push @EXPORT_OK, "HTTP_$name";
    }
}

our %EXPORT_TAGS = (
    constants => [grep { /^HTTP_/ } @EXPORT_OK],
    is => [grep { /^is_/ } @EXPORT, @EXPORT_OK],
);

sub status_message ($) { $TEXT{ $_[0] } }
sub status_constant_name ($) { exists $NAME{ $_[0] } ? $NAME{ $_[0] } : undef }

sub is_info ($)         { $_[0] && $_[0] >= 100 && $_[0] < 200 }
sub is_success ($)      { $_[0] && $_[0] >= 200 && $_[0] < 300 }
sub is_redirect ($)     { $_[0] && $_[0] >= 300 && $_[0] < 400 }
sub is_error ($)        { $_[0] && $_[0] >= 400 && $_[0] < 600 }
sub is_client_error ($) { $_[0] && $_[0] >= 400 && $_[0] < 500 }
sub is_server_error ($) { $_[0] && $_[0] >= 500 && $_[0] < 600 }

# compared as numbers ('200abc' is 200 with a warning, as in the real one)
my @CACHEABLE = qw(200 203 204 206 300 301 308 404 405 410 414 451 501);
sub is_cacheable_by_default ($) { my $c = $_[0]; $c && !!grep { $c == $_ } @CACHEABLE }

1;

__END__

=head1 NAME

HTTP::Status - cpan-bridge's drop-in HTTP::Status 6.44, in core Perl

=head1 SYNOPSIS

 use HTTP::Status qw(:constants :is status_message);
 print status_message(404), "\n";            # Not Found
 print "ok\n" if is_success(HTTP_OK);
 use HTTP::Status;                           # RC_* and is_info ... status_message

Every HTTP_* constant (and its legacy RC_* twin, exported by default), the
:constants and :is tags, status_message, status_constant_name and the is_*
tests answer as the real module's.

What differs: nothing a script can see (the constants are made by a loop over
the table instead of one string eval).

=cut
