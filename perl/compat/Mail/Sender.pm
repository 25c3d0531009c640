package Mail::Sender;
# ABSTRACT: drop-in Mail::Sender 0.903: composes the message in Perl as the real one writes it to its socket, and sends it at Close with the daemon's mail.send

use strict;
use warnings;
no warnings 'uninitialized';    # the real module runs so: undef fields print as ''

use Carp ();
use File::Basename ();
use MIME::QuotedPrint ();
use Socket ();
use Time::Local ();
use CPANBridge::Mail::Encode ();
# (loads the client first: JSON::PP's booleans for tls.verify come through it)
use CPANBridge::Mail::Transport ();

require Exporter;
our @ISA       = ('Exporter');
our @EXPORT    = ();
our @EXPORT_OK = qw(GuessCType);

our $VERSION = '0.903';

# 0.903 warns "Mail::Sender is deprecated ..." when loaded; the 0.8 releases
# scripts were written for did not, and a warning per run is a cron mail per
# run: this one is quiet unless asked (DIFFERENCES in the POD).
our $WARN_DEPRECATED;
warnings::warnif('deprecated', 'Mail::Sender is deprecated and you should look to Email::Sender instead')
    if $WARN_DEPRECATED;

our $GMTdiff;
our $Error;
our %default;
our $debug = 0;
our ($NO_X_MAILER, $NO_DATE, $NO_MESSAGE_ID, $SITE_HEADERS, $LastResponse);
our %CTypes = (
    GIF => 'image/gif', JPE => 'image/jpeg', JPEG => 'image/jpeg', SHTML => 'text/html', SHTM => 'text/html',
    HTML => 'text/html', HTM => 'text/html', TXT => 'text/plain', INI => 'text/plain',
    DOC => 'application/x-msword', EML => 'message/rfc822',
);
our @Errors = (
    'OK', 'Unknown encoding', 'TLS unsupported by server', 'TLS unsupported by script', 'IO::SOCKET::SSL failed',
    'STARTTLS failed', 'debug file cannot be opened', 'file cannot be read', 'all recipients have been rejected',
    'authentication protocol is not implemented', 'login not accepted',
    'authentication protocol not accepted by the server', 'no From: address specified', 'no SMTP server specified',
    'connection not established. Did you mean MailFile instead of SendFile?', 'site specific error',
    'not available in singlepart mode', 'file not found', 'no file name specified in call to MailFile or SendFile',
    'no message specified in call to MailMsg or MailFile', 'argument $to empty', 'transmission of message failed',
    'local user $to unknown on host $smtp', 'unspecified communication error', 'service not available',
    'connect() failed', 'socket() failed', '$smtphost unknown',
);

# The real module reads Mail/Sender.config beside itself for %default; so does this.
BEGIN {
    (my $config = __FILE__) =~ s/\.pm\z/.config/;
    if (-e $config) {
        eval { require $config };
        print STDERR "Error in Mail::Sender.config : $@" if $@ && $@ !~ /Can't locate /;
    }
}

my $local_name = $ENV{HOSTNAME} || $ENV{HTTP_HOST} || (gethostbyname 'localhost')[0];
$local_name =~ s/:.*$//;
my $local_IP = do { my $a = (gethostbyname $local_name)[4]; defined $a ? join('.', unpack('CCCC', $a)) : '' };

sub ResetGMTdiff {
    my $local = time;
    my $gm = Time::Local::timelocal(gmtime $local);
    my $sign = qw( + + - )[$local <=> $gm];
    $GMTdiff = sprintf '%s%02d%02d', $sign, (gmtime abs($local - $gm))[2, 1];
    return $GMTdiff;
}
ResetGMTdiff();

my @priority = ('', '1 (Highest)', '2 (High)', '3 (Normal)', '4 (Low)', '5 (Lowest)');

my $chunksize        = 1024 * 4;
my $chunksize64      = 71 * 57;
my $enc_base64_chunk = 57;

# The encoders return what should arrive: CRLF line ends. The real ones also
# dot-stuff for their raw socket; here the daemon's SMTP client does that.
sub enc_base64 {
    my $charset = $_[0];
    return sub { CPANBridge::Mail::Encode::base64(CPANBridge::Mail::Encode::octets($_[0], $charset), "\x0D\x0A") };
}

sub enc_qp {
    my $charset = $_[0];
    return sub {
        my $s = CPANBridge::Mail::Encode::octets($_[0], $charset);
        $s =~ s/\x0D\x0A/\n/g;
        $s = CPANBridge::Mail::Encode::qp($s);
        $s =~ s/\x0A/\x0D\x0A/g;
        return $s;
    };
}

sub enc_plain {
    my $charset = $_[0];
    return sub { CPANBridge::Mail::Encode::crlf(CPANBridge::Mail::Encode::octets($_[0], $charset)) };
}

sub enc_xtext {
    my $input = shift;
    $input =~ s/([^!-*,-<>-~])/'+'.uc(unpack('H*', $1))/eg;
    return $input;
}

{
    my $username;
    sub getusername () {
        return $username if defined $username;
        return $username = eval { getlogin || getpwuid($<) } || $ENV{USERNAME};
    }
}

# ---- errors: (number, $Error text) as the real module's table ----------------

sub _HOSTNOTFOUND { my $m = shift || ''; $! = 2; $Error = "The SMTP server $m was not found"; return -1, $Error }
# (the real one sets $! before reading $^E: the text is always EIO's, whatever failed)
sub _CONNFAILED { $! = 5; $Error = "connect() failed: $^E"; return -3, $Error }
sub _SERVNOTAVAIL {
    my $m = shift || '';
    $! = 40;
    $Error = 'Service not available. ' . ($m ? "Reply: $m" : 'Server closed the connection unexpectedly');
    return -4, $Error;
}
sub _COMMERROR { my $m = shift || ''; $! = 5; $Error = $m eq '' ? 'No response from server' : "Server error: $m"; return -5, $Error }
sub _USERUNKNOWN {
    my $user = shift || '';
    my $host = shift || '';
    my $err  = shift || '';
    $! = 2;
    if ($err && $err !~ /Local user/i) {
        $err =~ s/^\d+\s*//;
        $err =~ s/\s*$//s;
        $err ||= 'Error';
        $Error = "$err for \"$user\" on host \"$host\"";
    } else {
        $Error = "Local user \"$user\" unknown on host \"$host\"";
    }
    return -6, $Error;
}
sub _TRANSFAILED { my $m = shift || ''; $! = 5; $Error = "Transmission of message failed ($m)"; return -7, $Error }
sub _TOEMPTY { $! = 14; $Error = "Argument \$to empty"; return -8, $Error }
sub _NOMSG { $! = 22; $Error = 'No message specified'; return -9, $Error }
sub _NOFILE { $! = 22; $Error = 'No file name specified'; return -10, $Error }
sub _FILENOTFOUND { my $m = shift || ''; $! = 2; $Error = "File \"$m\" not found"; return -11, $Error }
sub _NOTMULTIPART { my $m = shift || ''; $! = 40; $Error = "$m not available in singlepart mode"; return -12, $Error }
sub _SITEERROR { $! = 15; $Error = 'Site specific error'; return -13, $Error }
sub _NOTCONNECTED { $! = 1; $Error = 'Connection not established'; return -14, $Error }
sub _NOSERVER { $! = 22; $Error = 'No SMTP server specified'; return -15, $Error }
sub _NOFROMSPECIFIED { $! = 22; $Error = 'No From: address specified'; return -16, $Error }
sub _INVALIDAUTH {
    my $proto = shift || '';
    my $res = shift || '';
    $! = 22;
    $Error = "Authentication protocol $proto is not accepted by the server";
    $Error .= ",\nresponse: $res" if $res;
    return -17, $Error;
}
sub _LOGINERROR { $! = 22; $Error = 'Login not accepted'; return -18, $Error }
sub _UNKNOWNAUTH { my $m = shift || ''; $! = 22; $Error = "Authentication protocol $m is not implemented by Mail::Sender"; return -19, $Error }
sub _ALLRECIPIENTSBAD { $! = 2; $Error = 'All recipients are bad'; return -20, $Error }
sub _FILECANTREAD { my $m = shift || ''; $Error = "File \"$m\" cannot be read: $^E"; return -21, $Error }
sub _DEBUGFILE { $Error = shift; return -22, $Error }
sub _STARTTLS { my $m = shift || ''; my $two = shift || ''; $! = 5; $Error = "STARTTLS failed: $m $two"; return -23, $Error }
sub _IO_SOCKET_SSL { my $m = shift || ''; $! = 5; $Error = "IO::Socket::SSL->start_SSL failed: $m"; return -24, $Error }
sub _TLS_UNSUPPORTED_BY_ME { my $m = shift || ''; $! = 5; $Error = "TLS unsupported by the script: $m"; return -25, $Error }
sub _TLS_UNSUPPORTED_BY_SERVER { $! = 5; $Error = 'TLS unsupported by server'; return -26, $Error }
sub _UNKNOWNENCODING { my $m = shift || ''; $! = 5; $Error = "Unknown encoding '$m'"; return -27, $Error }

# ---- the object -----------------------------------------------------------------------

sub new {
    my $this = shift;
    my $self = {};
    my $class;
    if (ref $this) { $class = ref $this; %$self = %$this }
    else { $class = $this }
    bless $self, $class;
    return $self->_initialize(@_);
}

sub _initialize {
    undef $Error;
    my $self = shift;
    delete $self->{_buffer};
    $self->{debug} = 0;
    $self->{port} = getservbyname('smtp', 'tcp') || 25 unless $self->{port};
    $self->{boundary} = 'Message-Boundary-by-Mail-Sender-' . time();
    $self->{multipart} = 'mixed';
    $self->{tls_allowed} = 1;
    $self->{client} = $local_name;
    $self->{ lc $_ } = $default{$_} for keys %default;
    if (@_) {
        if (ref $_[0] eq 'HASH') {
            my $hash = $_[0];
            $self->{ lc $_ } = $hash->{$_} for keys %$hash;
            $self->{reply} = $self->{replyto} if $self->{replyto} && !$self->{reply};
        } else {
            @$self{qw(from reply to smtp subject headers boundary)} = @_;
        }
    }
    $self->{fromaddr}  = $self->{from};
    $self->{replyaddr} = $self->{reply};
    $self->_prepare_addresses('to')  if $self->{to};
    $self->_prepare_addresses('cc')  if $self->{cc};
    $self->_prepare_addresses('bcc') if $self->{bcc};
    $self->_prepare_ESMTP() if defined $self->{esmtp};
    $self->{fromaddr} =~ s/.*<([^\s]*?)>/$1/ if $self->{fromaddr};
    if ($self->{replyaddr}) {
        $self->{replyaddr} =~ s/.*<([^\s]*?)>/$1/;
        $self->{replyaddr} =~ s/^([^\s]+).*/$1/;
    }
    if ($self->{smtp}) {
        return $self->Error(_HOSTNOTFOUND($self->{smtp})) unless $self->_resolve;
    }
    $self->{boundary} =~ tr/=/-/ if defined $self->{boundary};
    $self->_prepare_headers() if defined $self->{headers};
    return $self;
}

# The host must resolve, as the real module checks with inet_aton before any connection.
sub _resolve {
    my $self = shift;
    $self->{smtp} =~ s/^\s+//g;
    $self->{smtp} =~ s/\s+$//g;
    my $addr = Socket::inet_aton($self->{smtp});
    return 0 unless defined $addr;
    $self->{smtpaddr} = $addr;
    return 1;
}

sub GuessCType {
    my $file = shift;
    return $CTypes{ uc $1 } || 'application/octet-stream' if defined $file && $file =~ /\.(.*)$/;
    return 'application/octet-stream';
}

sub Error {
    my $self = shift;
    if (@_) {
        delete $self->{_data};
        delete $self->{_msg};
        ($self->{error}, $self->{error_msg}) = @_;
    }
    if ($self->{die_on_errors} || ($self->{on_errors} && $self->{on_errors} eq 'die')) {
        die $self->{error_msg} . "\n";
    } elsif (exists $self->{on_errors} && (!defined $self->{on_errors} || $self->{on_errors} eq 'undef')) {
        return;
    }
    return $self->{error};
}

sub ClearErrors {
    my $self = shift;
    delete $self->{error};
    delete $self->{error_msg};
    undef $Error;
}

sub _prepare_addresses {
    my ($self, $type) = @_;
    if (ref $self->{$type}) {
        $self->{ $type . '_list' } = [map { my $a = $_; $a =~ s/\s+$//; $a =~ s/^\s+//; $a } @{ $self->{$type} }];
        $self->{$type} = join ', ', @{ $self->{ $type . '_list' } };
    } else {
        $self->{$type} =~ s/\s+/ /g;
        $self->{$type} =~ s/, ?,/,/g;
        $self->{ $type . '_list' } = [map { s/\s+$//; $_ } $self->{$type} =~ /((?:[^",]+|"[^"]*")+)(?:,\s*|\s*$)/g];
    }
}

sub _prepare_ESMTP {
    my $self = shift;
    $self->{esmtp} = { %{ $self->{esmtp} } };
    $self->{esmtp}{ORCPT} = 'rfc822;' . $self->{esmtp}{ORCPT}
        if $self->{esmtp}{ORCPT} ne '' && $self->{esmtp}{ORCPT} !~ /;/;
    $self->{esmtp}{$_} = enc_xtext($self->{esmtp}{$_}) for qw(ENVID ORCPT);
}

sub _prepare_headers {
    my $self = shift;
    return unless exists $self->{headers};
    if ($self->{headers} eq '') {
        delete $self->{headers};
        delete $self->{_headers};
        return;
    }
    if (ref $self->{headers} eq 'HASH') {
        my $headers = '';
        while (my ($hdr, $value) = each %{ $self->{headers} }) {
            for ($hdr, $value) {
                s/(?:\x0D\x0A?|\x0A)/\x0D\x0A/sg;
                s/^(?:\x0D\x0A)+//;
                s/(?:\x0D\x0A)+$//;
                s/\x0D\x0A(\S)/\x0D\x0A\t$1/sg;
                s/(.{1,980}[;,])\s+(\S)/$1\x0D\x0A\t$2/g if length($_) > 997;
            }
            $headers .= "$hdr: $value\x0D\x0A";
        }
        $headers =~ s/(?:\x0D\x0A)+$//;
        $self->{_headers} = $headers;
    } elsif (ref $self->{headers}) {
    } else {
        $self->{_headers} = $self->{headers};
        for ($self->{_headers}) {
            s/(?:\x0D\x0A?|\x0A)/\x0D\x0A/sg;
            s/^(?:\x0D\x0A)+//;
            s/(?:\x0D\x0A)+$//;
        }
    }
}

# ---- composing: what the real one prints to its socket goes to _msg -------------

# " at FILE line N." of the script's call, for the errors Perl itself would raise in the real module
sub _at { my @c = caller(1); return @c ? " at $c[1] line $c[2]." : '' }

# What the real one prints to its socket: a piece holding characters over
# 0xFF goes out as their UTF-8 (with Perl's "Wide character in print"), the
# other pieces as the octets they hold.
sub _out {
    my $self = shift;
    my $s = join '', @_;
    if ($s =~ /[^\x00-\xFF]/) {
        warnings::warnif('utf8', 'Wide character in print');
        utf8::encode($s);
    }
    $self->{_msg} .= $s;
    return 1;
}

sub _hdr {
    my ($self, $hdr, $str, $charset) = @_;
    return if !defined $str || $str eq '';
    $str =~ s/[\x0D\x0A\s]+$//;
    $str = CPANBridge::Mail::Encode::rfc2047_q($str, $charset) if $charset && $str =~ /[^[:ascii:]]/;
    $str =~ s/(?:\x0D\x0A?|\x0A)/\x0D\x0A/sg;
    $str =~ s/\x0D\x0A([^\t])/\x0D\x0A\t$1/sg;
    $str =~ s/(.{1,980}[;,])\s+(\S)/$1\x0D\x0A\t$2/g if length($str) + length($hdr) > 997;
    $self->_out("$hdr: $str\x0D\x0A");
}

# Open's and OpenMultipart's common part: take the arguments, check them
# (the same errors in the same order as the real one) and start the message.
sub _begin {
    my ($self, $multi, @args) = @_;
    if (!$self->{keepconnection} && $self->{_data}) {
        if ($self->{error}) { $self->Cancel } else { $self->Close }
    }
    delete $self->{error};
    delete $self->{encoding};
    delete $self->{messageid};
    my %changed;
    if ($multi) {
        $self->{_part} = 0;
        $self->{multipart} = $1 if defined $self->{type} && $self->{type} && $self->{type} =~ m{^multipart/(.*)}i;
        $self->{multipart} = 'Mixed' unless $self->{multipart};
        $self->{idcounter} = 0;
    } else {
        $self->{multipart} = 0;
        $self->{_had_newline} = 1;
    }
    if (ref $args[0] eq 'HASH') {
        my $hash = $args[0];
        $hash->{multipart} = $hash->{subtype} if $multi && defined $hash->{subtype};
        $hash->{reply} = $hash->{replyto} if defined $hash->{replyto} && !defined $hash->{reply};
        for my $key (keys %$hash) {
            if (ref $hash->{$key} eq 'HASH' && exists $self->{ lc $key }) {
                $self->{ lc $key } = ref $self->{ lc $key } eq 'HASH'
                    ? { %{ $self->{ lc $key } }, %{ $hash->{$key} } } : { %{ $hash->{$key} } };
            } else {
                $self->{ lc $key } = $hash->{$key};
            }
            $changed{ lc $key } = 1;
        }
    } else {
        my ($from, $reply, $to, $smtp, $subject, $headers, $boundary) = @args;
        for ([from => $from], [reply => $reply], [to => $to], [smtp => $smtp], [subject => $subject], [headers => $headers]) {
            if ($_->[1]) { $self->{ $_->[0] } = $_->[1]; $changed{ $_->[0] } = 1 }
        }
        $self->{boundary} = $boundary if $multi && $boundary;
    }
    $self->_prepare_addresses('to')  if $changed{to};
    $self->_prepare_addresses('cc')  if $changed{cc};
    $self->_prepare_addresses('bcc') if $changed{bcc};
    $self->_prepare_ESMTP() if defined $changed{esmtp};
    $self->{boundary} =~ tr/=/-/ if $changed{boundary};
    $self->_prepare_headers() if $multi && $changed{headers};
    return $self->Error(_NOFROMSPECIFIED) unless defined $self->{from};
    if ($changed{from}) {
        $self->{fromaddr} = $self->{from};
        $self->{fromaddr} =~ s/.*<([^\s]*?)>/$1/;
    }
    if ($changed{reply}) {
        $self->{replyaddr} = $self->{reply};
        $self->{replyaddr} =~ s/.*<([^\s]*?)>/$1/;
        $self->{replyaddr} =~ s/^([^\s]+).*/$1/;
    }
    if ($changed{smtp}) {
        return $self->Error(_HOSTNOTFOUND($self->{smtp})) unless $self->_resolve;
    }
    $self->_prepare_headers() if !$multi && $changed{headers};
    return $self->Error(_TOEMPTY) unless $self->{to};
    return $self->Error(_NOSERVER) unless defined $self->{smtp};
    if ($Mail::Sender::{SiteHook} && !$self->SiteHook()) {
        return defined $self->{error} ? $self->{error} : ($self->{error} = _SITEERROR());
    }
    $self->{_msg} = '';
    $self->{_data} = 1;
    $self->{_envelope} = {
        from => defined $self->{fromaddr} ? $self->{fromaddr} : '',
        to => [map { /<(.*)>/ ? $1 : $_ } @{ $self->{to_list} || [] }, @{ $self->{cc_list} || [] }, @{ $self->{bcc_list} || [] }],
    };
    return undef;
}

# To, From, Cc, Reply-To, Subject, Date, X-Priority, confirmations: both kinds of message start so
sub _common_headers {
    my ($self) = @_;
    my $cs = $self->{charset};
    $self->_hdr(To => (defined $self->{fake_to} ? $self->{fake_to} : $self->{to}), $cs);
    $self->_hdr(From => (defined $self->{fake_from} ? $self->{fake_from} : $self->{from}), $cs);
    if (defined $self->{fake_cc} && $self->{fake_cc}) { $self->_hdr(Cc => $self->{fake_cc}, $cs) }
    elsif (defined $self->{cc} && $self->{cc}) { $self->_hdr(Cc => $self->{cc}, $cs) }
    $self->_hdr('Reply-To' => $self->{reply}, $cs) if defined $self->{reply};
    $self->{subject} = '<No subject>' unless defined $self->{subject};
    $self->_hdr(Subject => $self->{subject}, $cs);
    unless ($NO_DATE
        || (defined $self->{_headers} && $self->{_headers} =~ /^Date:/m)
        || (defined $SITE_HEADERS && $SITE_HEADERS =~ /^Date:/m)) {
        my $date = localtime();
        $date =~ s/^(\w+)\s+(\w+)\s+(\d+)\s+(\d+:\d+:\d+)\s+(\d+)$/$1, $3 $2 $5 $4/;
        $self->_hdr(Date => "$date $GMTdiff");
    }
    if ($self->{priority}) {
        $self->{priority} = $priority[ $self->{priority} ] if $self->{priority} + 0 eq $self->{priority};
        $self->_hdr('X-Priority' => $self->{priority});
    }
    if ($self->{confirm}) {
        for my $confirm (split /\s*,\s*/, $self->{confirm}) {
            if ($confirm =~ /^\s*reading\s*(?:\:\s*(.*))?/i) {
                $self->_hdr('X-Confirm-Reading-To' => ($1 || $self->{from}), $cs);
            } elsif ($confirm =~ /^\s*delivery\s*(?:\:\s*(.*))?/i) {
                my $to = $1;
                $self->_hdr('Return-Receipt-To' => ($to || $self->{fromaddr}), $cs);
                $self->_hdr('Disposition-Notification-To' => ($to || $self->{fromaddr}), $cs);
            }
        }
    }
}

sub _x_mailer {
    my ($self) = @_;
    my $script = File::Basename::basename($0);
    $self->_hdr('X-Mailer' => qq{Perl script "$script"\r\n\tusing Mail::Sender $VERSION by Jenda Krynicky, Czechlands\r\n\trunning on $local_name ($local_IP)\r\n\tunder account "} . getusername() . qq{"\r\n});
}

sub _message_id {
    my ($self) = @_;
    return if $NO_MESSAGE_ID;
    if (!defined $self->{messageid} || $self->{messageid} eq '') {
        $self->{messageid} = defined $self->{createmessageid} && ref $self->{createmessageid} eq 'CODE'
            ? $self->{createmessageid}->($self->{fromaddr}) : MessageID($self->{fromaddr});
    }
    $self->_hdr('Message-ID' => $self->{messageid});
}

sub Open {
    undef $Error;
    my $self = shift;
    local $_;
    my $err = $self->_begin(0, @_);
    return $err if defined $err || !$self->{_data};
    $self->{ctype} = 'text/plain' if defined $self->{charset} && !defined $self->{ctype};
    my $headers;
    if (defined $self->{encoding} || defined $self->{ctype}) {
        $headers = 'MIME-Version: 1.0';
        $headers .= "\r\nContent-Type: $self->{ctype}" if defined $self->{ctype};
        $headers .= "; charset=$self->{charset}" if defined $self->{charset};
        undef $self->{chunk_size};
        if (defined $self->{encoding}) {
            $headers .= "\r\nContent-Transfer-Encoding: $self->{encoding}";
            if ($self->{encoding} =~ /Base64/i) {
                $self->{code} = enc_base64($self->{charset});
                $self->{chunk_size} = $enc_base64_chunk;
            } elsif ($self->{encoding} =~ /Quoted[_\-]print/i) {
                $self->{code} = enc_qp($self->{charset});
            } elsif ($self->{encoding} =~ /^[78]bit$/i) {
                $self->{code} = enc_plain($self->{charset});
            } else {
                return $self->Error(_UNKNOWNENCODING($self->{encoding}));
            }
        }
    }
    $self->{code} = enc_plain($self->{charset}) unless $self->{code};
    $self->_common_headers;
    $self->_x_mailer unless defined $NO_X_MAILER;
    $self->_message_id;
    $self->_out($SITE_HEADERS, "\x0D\x0A") if defined $SITE_HEADERS;
    $self->_out($self->{_headers}, "\x0D\x0A") if defined $self->{_headers} && $self->{_headers};
    $self->_out($headers, "\r\n") if defined $headers;
    $self->_out("\r\n");
    return $self;
}

sub OpenMultipart {
    undef $Error;
    my $self = shift;
    local $_;
    my $err = $self->_begin(1, @_);
    return $err if defined $err || !$self->{_data};
    $self->_common_headers;
    $self->_x_mailer unless $NO_X_MAILER;
    $self->_out($SITE_HEADERS, "\r\n") if defined $SITE_HEADERS;
    $self->_message_id;
    $self->_out($self->{_headers}, "\r\n") if defined $self->{_headers} && $self->{_headers};
    $self->_out("MIME-Version: 1.0\r\n");
    $self->_hdr('Content-Type', qq{multipart/$self->{multipart};\r\n\tboundary="$self->{boundary}"});
    $self->_out("\r\n");
    $self->_out("This message is in MIME format. Since your mail reader does not understand\r\n"
        . "this format, some or all of this message may not be legible.\r\n"
        . "\r\n--$self->{boundary}\r\n");
    return $self;
}

sub Connected { my $self = shift; return $self->{_data} ? 1 : undef }

sub Connect { my $self = shift; return $self->Error(_NOTCONNECTED) }

sub MailMsg {
    my $self = shift;
    my $msg;
    local $_;
    if (ref $_[0] eq 'HASH') { $msg = $_[0]{msg} }
    else { $msg = pop }
    return $self->Error(_NOMSG) unless $msg;
    if (ref $self->Open(@_) && ref $self->SendEnc($msg) && ref $self->Close()) { return $self }
    return $self->{error};
}

sub MailFile {
    my $self = shift;
    local $_;
    my ($msg, $file, $desc, $haddesc, $ctype, $charset, $encoding, @files, $hash);
    if (ref $_[0] eq 'HASH') {
        $hash = { %{ $_[0] } };
        $msg      = delete $hash->{msg};
        $file     = delete $hash->{file};
        $desc     = delete $hash->{description};
        $haddesc  = 1 if defined $desc;
        $ctype    = delete $hash->{ctype};
        $charset  = delete $hash->{charset};
        $encoding = delete $hash->{encoding};
    } else {
        $desc = pop if $#_ >= 2;
        $haddesc = 1 if defined $desc;
        $file = pop;
        $msg = pop;
    }
    return $self->Error(_NOMSG) unless $msg;
    return $self->Error(_NOFILE) unless $file;
    @files = ref $file eq 'ARRAY' ? @$file : $file =~ /,/ ? split(/ *, */, $file) : ($file);
    for my $f (@files) {
        return $self->Error(_FILENOTFOUND($f)) unless $f =~ /^&/ || -e $f;
    }
    ref $self->OpenMultipart($hash ? $hash : @_)
        and ref $self->Body($self->{b_charset} || $self->{charset}, $self->{b_encoding}, $self->{b_ctype})
        and $self->SendEnc($msg)
        or return $self->{error};
    $Error = '';
    for my $f (@files) {
        my $filename = File::Basename::basename($f);
        my $fctype = $ctype || GuessCType($filename, $f);
        my $fenc = $encoding || ($fctype =~ m#^text/#i ? 'Quoted-printable' : 'Base64');
        $desc = $filename unless defined $haddesc;
        $self->Part({
            encoding => $fenc,
            disposition => (defined $self->{disposition} ? $self->{disposition} : "attachment; filename=\"$filename\""),
            ctype => ($fctype =~ /;\s*name(?:\*(?:0\*?)?)?=/ ? $fctype : "$fctype; name=\"$filename\"")
                . (defined $charset ? "; charset=$charset" : ''),
            description => $desc,
        });
        my $code = $self->{code};
        open(my $fh, '<', $f) or return $self->Error(_FILECANTREAD($f));
        binmode $fh unless $fctype =~ m#^text/#i && $fenc =~ /Quoted[_\-]print|Base64/i;
        my $size = defined $self->{chunk_size} ? $chunksize64 : $chunksize;
        my $cnt;
        while (read $fh, $cnt, $size) {
            $cnt = $code->($cnt);
            $self->_out($cnt);
            $self->{_had_newline} = ($cnt =~ /[\n\r]$/);
        }
        close $fh;
    }
    if ($Error eq '') { undef $Error } else { chomp $Error }
    return $self->Close;
}

sub Send {
    my $self = shift;
    # the real one prints to its socket unchecked: no message open dies as it does
    die "Can't use an undefined value as a symbol reference" . _at() . "\n" unless $self->{_data};
    $self->_out(@_);
    return $self;
}

sub SendLine {
    my $self = shift;
    die "Can't use an undefined value as a symbol reference" . _at() . "\n" unless $self->{_data};
    $self->_out(@_, "\x0D\x0A");
    return $self;
}

sub print { return shift->SendEnc(@_) }
sub SendLineEnc { push @_, "\r\n"; return shift->SendEnc(@_) }

sub SendEnc {
    my $self = shift;
    local $_;
    my $code = $self->{code};
    $self->{code} = $code = enc_plain($self->{charset}) unless defined $code;
    $self->{_data} or return $self->Error(_NOTCONNECTED);
    if (defined $self->{chunk_size}) {
        my $chunk = $self->{chunk_size};
        my $str = defined $self->{_buffer} ? join('', $self->{_buffer}, @_) : join('', @_);
        my $len = length $str;
        my $blen = $len % $chunk;
        if ($blen > 0) {
            $self->{_buffer} = substr($str, $len - $blen);
            $self->_out($code->(substr($str, 0, $len - $blen)));
        } else {
            delete $self->{_buffer};
            $self->_out($code->($str));
        }
    } else {
        $self->_out($code->(join('', @_)));
        $self->{_had_newline} = ($_[-1] =~ /[\n\r]$/);
    }
    return $self;
}

sub SendLineEx { push @_, "\r\n"; return shift->SendEx(@_) }

sub SendEx {
    my $self = shift;
    $self->{_data} or return $self->Error(_NOTCONNECTED);
    my @data = @_;
    s/(?:\x0D\x0A?|\x0A)/\x0D\x0A/sg for @data;
    $self->_out(@data);
    return $self;
}

sub Part {
    my $self = shift;
    local $_;
    return $self->Error(_NOTMULTIPART("\$sender->Part()")) if !$self->{multipart};
    $self->EndPart();
    my ($description, $ctype, $encoding, $disposition, $content_id, $msg, $charset);
    if (ref $_[0] eq 'HASH') {
        my $h = $_[0];
        ($description, $ctype, $encoding, $disposition, $content_id, $msg, $charset)
            = @$h{qw(description ctype encoding disposition content_id msg charset)};
    } else {
        ($description, $ctype, $encoding, $disposition, $content_id, $msg) = @_;
    }
    $ctype       = 'application/octet-stream' unless defined $ctype;
    $disposition = 'attachment' unless defined $disposition;
    $encoding    = '7BIT' unless defined $encoding;
    $self->{encoding} = $encoding;
    if (defined $charset && $charset && $ctype !~ /charset=/i) { $ctype .= qq{; charset="$charset"} }
    elsif (!defined $charset && $ctype =~ /charset="([^"]+)"/) { $charset = $1 }
    $self->{_data} or return $self->Error(_NOTCONNECTED);
    undef $self->{chunk_size};
    if ($encoding =~ /Base64/i) {
        $self->{code} = enc_base64($charset);
        $self->{chunk_size} = $enc_base64_chunk;
    } elsif ($encoding =~ /Quoted[_\-]print/i) {
        $self->{code} = enc_qp($charset);
    } else {
        $self->{code} = enc_plain($charset);
    }
    if ($ctype =~ m{^multipart/}i) {
        $self->{_part} += 2;
        $self->_out("Content-Type: $ctype; boundary=\"Part-$self->{boundary}_$self->{_part}\"\r\n\r\n");
    } else {
        $self->{_part}++;
        $self->_out("Content-Type: $ctype\r\n");
        $self->_out("Content-Description: $description\r\n") if $description;
        $self->_out("Content-Transfer-Encoding: $encoding\r\n");
        $self->_out("Content-Disposition: $disposition\r\n") unless $disposition eq '' || uc($disposition) eq 'NONE';
        $self->_out("Content-ID: <$content_id>\r\n") if defined $content_id;
        $self->_out("\r\n");
        $self->SendEnc($msg) if defined $msg;
    }
    return $self;
}

sub Body {
    my $self = shift;
    if (!$self->{multipart}) {
        return @_ ? $self->Error(_NOTMULTIPART("\$sender->Body()")) : $self;
    }
    my $hash;
    $hash = shift if ref $_[0] eq 'HASH';
    my $charset  = shift || $hash->{charset} || 'US-ASCII';
    my $encoding = shift || $hash->{encoding} || $self->{encoding} || '7BIT';
    my $ctype    = shift || $hash->{ctype} || $self->{ctype} || 'text/plain';
    $ctype .= qq{; charset="$charset"} unless $ctype =~ /charset=/i;
    $self->{encoding} = $encoding;
    $self->{ctype} = $ctype;
    $self->Part('Mail message body', $ctype, $encoding, 'inline', undef, $hash->{msg});
    return $self;
}

sub Attach { return shift->SendFile(@_) }

sub SendFile {
    my $self = shift;
    local $_;
    return $self->Error(_NOTMULTIPART("\$sender->SendFile()")) if !$self->{multipart};
    return $self->Error(_NOTCONNECTED) if !$self->{_data};
    my ($description, $ctype, $encoding, $disposition, $file, $content_id, @files);
    if (ref $_[0] eq 'HASH') {
        ($description, $ctype, $encoding, $disposition, $file, $content_id)
            = @{ $_[0] }{qw(description ctype encoding disposition file content_id)};
    } else {
        ($description, $ctype, $encoding, $disposition, $file, $content_id) = @_;
    }
    # (the real one returns the whole (-10, text) pair here, in scalar context the text)
    return ($self->{error} = _NOFILE) unless $file;
    @files = ref $file eq 'ARRAY' ? @$file : $file =~ /,/ ? split(/ *, */, $file) : ($file);
    for my $f (@files) {
        return $self->Error(_FILENOTFOUND($f)) unless $f =~ /^&/ || -e $f;
    }
    $disposition = 'attachment; filename=*' unless defined $disposition;
    $encoding = 'Base64' unless $encoding;
    if ($self->{_buffer}) {
        $self->_out($self->{code}->($self->{_buffer}));
        delete $self->{_buffer};
    }
    my $code = $encoding =~ /Base64/i ? enc_base64() : $encoding =~ /Quoted[_\-]print/i ? enc_qp() : enc_plain();
    $self->{code} = $code;
    for my $f (@files) {
        $self->EndPart();
        $self->{_part}++;
        $self->{encoding} = $encoding;
        my $name = File::Basename::basename($f);
        my $fctype = $ctype ? $ctype : GuessCType($name, $f);
        $self->{ctype} = $fctype;
        if ($fctype =~ /;\s*name(?:\*(?:0\*?)?)?=/) { $self->_out("Content-Type: $fctype\r\n") }
        else { $self->_out("Content-Type: $fctype; name=\"$name\"\r\n") }
        $self->_out("Content-Description: $description\r\n") if $description;
        $self->_out("Content-Transfer-Encoding: $encoding\r\n");
        if ($disposition =~ /^(.*)filename=\*(.*)$/i) { $self->_out("Content-Disposition: ${1}filename=\"$name\"$2\r\n") }
        elsif ($disposition && uc($disposition) ne 'NONE') { $self->_out("Content-Disposition: $disposition\r\n") }
        if ($content_id) {
            if ($content_id eq '*') { $self->_out("Content-ID: <$name>\r\n") }
            elsif ($content_id eq '#') { $self->_out('Content-ID: <id' . $self->{idcounter}++ . ">\r\n") }
            else { $self->_out("Content-ID: <$content_id>\r\n") }
        }
        $self->_out("\r\n");
        open(my $fh, '<', $f) or return $self->Error(_FILECANTREAD($f));
        binmode $fh unless $fctype =~ m#^text/#i && $encoding =~ /Quoted[_\-]print|Base64/i;
        my $size = lc($encoding) eq 'base64' ? $chunksize64 : $chunksize;
        my $cnt;
        $self->_out($code->($cnt)) while read $fh, $cnt, $size;
        close $fh;
    }
    return $self;
}

sub EndPart {
    my $self = shift;
    return unless $self->{_part};
    my $end = shift;
    my $LN = "\x0D\x0A";
    $self->{_data} or return $self->Error(_NOTCONNECTED);
    if ($self->{_buffer}) {
        my $code = $self->{code};
        $self->_out(defined $code ? $code->($self->{_buffer}) : $self->{_buffer});
        delete $self->{_buffer};
    }
    if ($self->{_had_newline}) {
        $LN = '';
    } else {
        # a soft line break, so no newline is added to the part's text
        $self->_out('=') if !$self->{bypass_outlook_bug} && $self->{encoding} =~ /Quoted[_\-]print/i;
    }
    if ($self->{_part} > 1) {
        $self->_out("$LN--Part-$self->{boundary}_$self->{_part}", ($end ? '--' : ()), "\r\n");
    } else {
        $self->_out("$LN--$self->{boundary}", ($end ? '--' : ()), "\r\n");
    }
    $self->{_part}--;
    $self->{code} = enc_plain($self->{charset});
    $self->{encoding} = '';
    return $self;
}

# The whole message goes to the server here (mail.send): a refused sender,
# recipient or message is reported by Close with the real module's number.
sub Close {
    my $self = shift;
    local $_;
    return 0 unless $self->{_data};
    if ($self->{_buffer}) {
        my $code = $self->{code};
        $self->_out(defined $code ? $code->($self->{_buffer}) : $self->{_buffer});
        delete $self->{_buffer};
    }
    $self->EndPart(1) while $self->{_part};
    my $msg = delete $self->{_msg};
    $msg = '' unless defined $msg;
    # the real one ends the data with CRLF . CRLF after what it wrote
    $msg .= "\r\n";
    $self->{_data} = 0;
    my ($ok, $err) = $self->_transmit($msg);
    return $err unless $ok;
    delete $self->{encoding};
    delete $self->{ctype};
    return $self;
}

sub _transmit {
    my ($self, $msg) = @_;
    my $env = $self->{_envelope} || { from => '', to => [] };
    my %o = (host => $self->{smtp}, port => 0 + ($self->{port} || 25), from => $env->{from}, to => $env->{to},
        message => $msg, hello => $self->{client}, timeout => 0 + ($self->{timeout} || 120));
    # STARTTLS whenever offered (tls_allowed, on by default), certificates
    # unchecked unless ssl_verify_mode says so: the real module's defaults
    $o{starttls} = $self->{tls_required} ? 'require' : $self->{tls_allowed} ? 'auto' : 'never';
    my %tls = (verify => ($self->{ssl_verify_mode} ? JSON::PP::true() : JSON::PP::false()));
    $tls{ca_file} = $self->{ssl_ca_file} if defined $self->{ssl_ca_file};
    $o{tls} = \%tls;
    if ($self->{auth} || $self->{username}) {
        my $auth = uc($self->{auth}) || 'LOGIN';
        my $user = exists $self->{authid} ? $self->{authid} : $self->{username};
        my $pass = exists $self->{authpwd} ? $self->{authpwd} : $self->{password};
        if ($self->{auth_encoded}) {
            require MIME::Base64;
            $user = MIME::Base64::decode_base64($user);
            $pass = MIME::Base64::decode_base64($pass);
        }
        (my $known = $auth) =~ tr/a-zA-Z0-9_/_/c;
        # what the daemon cannot speak (NTLM, ...): the real one finds it missing from the server's list first
        return (0, $self->Error(_INVALIDAUTH($auth))) unless $known =~ /^(?:LOGIN|PLAIN|CRAM_MD5)\z/;
        $o{auth} = { user => (defined $user ? "$user" : ''), password => (defined $pass ? "$pass" : ''), method => $auth };
    }
    my ($r, $f) = CPANBridge::Mail::Transport::send(%o);
    if ($r) {
        my @bad = @{ $r->{rejected} || [] };
        $self->{skipped_recipients} = { map { ($_ => 'Recipient address rejected') } @bad } if @bad;
        return (1) if !@bad || $self->{skip_bad_recipients};
        return (0, $self->Error(_USERUNKNOWN($bad[0], $self->{smtp}, '')));
    }
    my $line = (defined $f->{code} ? "$f->{code} " : '') . (defined $f->{text} ? $f->{text} : '');
    $line =~ s/\n+\z//;
    my $st = $f->{stage};
    return (0, $self->Error(_CONNFAILED())) if $st eq 'connect' || $st eq 'bridge';
    if ($st eq 'tls') {
        return (0, $self->Error(_TLS_UNSUPPORTED_BY_SERVER())) if ($f->{kind} || '') =~ /unsupported|not_offered|no_starttls/ || !defined $f->{code};
        return (0, $self->Error(_STARTTLS($f->{code}, $f->{text})));
    }
    if ($st eq 'auth') {
        my $auth = uc($self->{auth}) || 'LOGIN';
        return (0, $self->Error(_INVALIDAUTH($auth))) if !defined $f->{code} || $f->{code} =~ /^50[24]$/;
        return (0, $self->Error(_LOGINERROR($line)));
    }
    return (0, $self->Error(_SERVNOTAVAIL("$line\r\n"))) if $st eq 'greeting';
    return (0, $self->Error(_COMMERROR("$line\r\n"))) if $st eq 'mail';
    if ($st eq 'rcpt') {
        return (0, $self->Error(_ALLRECIPIENTSBAD())) if $self->{skip_bad_recipients};
        my $who = $f->{recipient};
        ($who) = grep { index($line, $_) >= 0 } @{ $o{to} } unless defined $who;
        $who = $o{to}[0] unless defined $who;
        return (0, $self->Error(_USERUNKNOWN($who, $self->{smtp}, "$line\r\n")));
    }
    return (0, $self->Error(_TRANSFAILED((defined $f->{text} ? $f->{text} : '') =~ /^(.*)/ ? "$1\r" : "\r"))) if $st eq 'data';
    return (0, $self->Error(_COMMERROR("$line\r\n")));
}

sub Cancel {
    my $self = shift;
    return $self->Error(_NOTCONNECTED) unless $self->{_data};
    delete $self->{_msg};
    delete $self->{_buffer};
    $self->{_data} = 0;
    delete $self->{error};
    return $self;
}

sub DESTROY {
    return if ref($_[0]) ne 'Mail::Sender';
    my $self = shift;
    # an unclosed message is sent when the object goes, as the real one's socket is closed with Close
    if ($self->{_data}) { local ($@, $!, $?); delete $self->{keepconnection}; eval { $self->Close } }
}

sub MessageID {
    my $from = shift;
    my ($sec, $min, $hour, $mday, $mon, $year) = gmtime(time);
    return sprintf '<%04d%02d%02d_%02d%02d%02d_%06d.%s>', $year + 1900, $mon + 1, $mday, $hour, $min, $sec,
        rand(100000), $from;
}

sub QueryAuthProtocols {
    my $self = shift;
    Carp::croak('Mail::Sender::QueryAuthProtocols() called without any parameter!') unless defined $self;
    # what the daemon's mail.send does not tell: the protocols the facade can use
    return wantarray ? qw(LOGIN PLAIN CRAM-MD5) : 'LOGIN';
}

sub GetHandle {
    my $self = shift;
    require Symbol;
    require Mail::Sender::IO;
    my $handle = Symbol::gensym();
    tie *$handle, 'Mail::Sender::IO', $self;
    return $handle;
}

1;

__END__

=head1 NAME

Mail::Sender - drop-in Mail::Sender 0.903 for cpan-bridge

=head1 SYNOPSIS

  use Mail::Sender;                       # perl/compat first on PERL5LIB

  my $sender = Mail::Sender->new({smtp => 'mail.example.test', port => 25,
      from => 'me@example.test', auth => 'LOGIN', authid => 'me', authpwd => $pw})
      or die $Mail::Sender::Error;
  ref $sender->MailFile({to => 'you@example.test', subject => 'Report',
      msg => "Attached.\n", file => 'report.csv'}) or die "$Mail::Sender::Error\n";

  $sender->OpenMultipart({to => 'you@example.test', subject => 'Two parts'});
  $sender->Body({msg => "Hello\n"});
  $sender->Attach({file => 'data.bin', ctype => 'application/octet-stream'});
  ref $sender->Close or die $Mail::Sender::Error;    # refusals arrive here

=head1 DESCRIPTION

The headers and parts are written as the real module writes them to its
socket (same header order, Date, Message-ID, X-Mailer, boundaries
C<Message-Boundary-by-Mail-Sender-E<lt>timeE<gt>>, encoders, error numbers and
C<$Mail::Sender::Error> texts), into a buffer; C<Close> hands the whole
message to the daemon's C<mail.send>. STARTTLS is used when offered
(C<tls_allowed>) without certificate checks unless C<ssl_verify_mode>, as the
real one; C<tls_required> requires it; C<auth> LOGIN/PLAIN/CRAM-MD5.

=head1 DIFFERENCES

=over

=item * Refusals (sender, recipient, authentication, connection) are
reported by C<Close> (and so by C<MailMsg>/C<MailFile>), not by C<Open>:
the SMTP conversation happens once the message is complete. The numbers and
texts are the real ones. A refused recipient among several: the others
may already have the message (C<skip_bad_recipients> lists the refused in
C<{skipped_recipients}>).

=item * C<new> checks that the host resolves (C<-1>), as the real one, but
does not connect; C<Connect> and C<keepconnection> have no connection to keep.

=item * The daemon dot-stuffs the whole message: a line C<.> sent with
C<Send>/C<SendLine> is delivered as C<.> (the real one would end the
message there). Bare LF from C<Send> arrives as CRLF.

=item * Loading it does not warn "Mail::Sender is deprecated" (0.903 does,
the 0.8 releases did not); set C<$Mail::Sender::WARN_DEPRECATED = 1> in a
C<BEGIN> block before C<use Mail::Sender> to get the warning.

=item * STARTTLS works: the real 0.903 asks IO::Socket::SSL for TLSv1, which
today's OpenSSL refuses (C<-24 IO::Socket::SSL-E<gt>start_SSL failed>) whenever
the server offers STARTTLS; scripts set C<tls_allowed =E<gt> 0> to get by.

=item * C<debug>/C<debug_level> logs, NTLM authentication and C<ESMTP> DSN
parameters are not supported; C<QueryAuthProtocols> answers what the facade
can use, not what a server offers; C<TestServer> is not provided.

=back

=cut
