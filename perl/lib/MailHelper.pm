package MailHelper;
# ABSTRACT: the old bridge's MailHelper: Mail::Sender (perl/compat) that dies on errors in chained calls, as the old class did

use strict;
use warnings;

our $VERSION = '2.00';

use Carp ();
use CPANBridge::Compat 'Mail::Sender';

our @ISA = ('Mail::Sender');

# The old class set these; scripts read them after a failure.
our $NO_X_MAILER = 1;
{ no warnings 'once'; *Error = \$Mail::Sender::Error; }
$Mail::Sender::NO_X_MAILER = 1 unless defined $Mail::Sender::NO_X_MAILER;

# new(smtp => ..., from => ...) as the old class took it, or a hash ref as
# Mail::Sender takes it; the server defaults to localhost as before.
sub new {
    my $class = shift;
    my %args = @_ == 1 && ref $_[0] eq 'HASH' ? %{ $_[0] } : @_ % 2 == 0 ? @_ : ();
    delete $args{debug};            # the old class's bridge debug switch, not Mail::Sender's log file
    $args{smtp} = 'localhost' unless defined $args{smtp};
    my $self = $class->SUPER::new(\%args);
    Carp::croak($Mail::Sender::Error) unless ref $self;
    return $self;
}

# Chained calls ((new MailHelper)->OpenMultipart({...})->Attach({...})->Close)
# croak with $Mail::Sender::Error instead of returning a number to chain on.
for my $m (qw(Open OpenMultipart Attach SendFile Body Part EndPart Close SendEnc SendLineEnc Send SendLine)) {
    no strict 'refs';
    my $super = \&{"Mail::Sender::$m"};
    *{"MailHelper::$m"} = sub {
        my $self = shift;
        # the old Body took {body => ...} too
        if ($m eq 'Body' && ref $_[0] eq 'HASH' && !defined $_[0]{msg} && defined $_[0]{body}) { $_[0] = { %{ $_[0] }, msg => $_[0]{body} } }
        my $r = $super->($self, @_);
        # inside MailMsg/MailFile (which call these) failures are returned, as Mail::Sender's
        return $r if ref $r || $self->{_mailhelper_inner} || ($m eq 'EndPart' && !defined $r);
        $self->{last_error} = $Mail::Sender::Error;
        Carp::croak(defined $Mail::Sender::Error ? $Mail::Sender::Error : "MailHelper: $m failed");
    };
}

# MailMsg and MailFile return the real module's numbers (the old class said -1 for any failure).
sub MailMsg {
    my $self = shift;
    local $self->{_mailhelper_inner} = 1;
    my $r = $self->SUPER::MailMsg(@_);
    $self->{last_error} = $Mail::Sender::Error unless ref $r;
    return ref $r ? 1 : $r;
}

sub MailFile {
    my $self = shift;
    local $self->{_mailhelper_inner} = 1;
    my $r = $self->SUPER::MailFile(@_);
    $self->{last_error} = $Mail::Sender::Error unless ref $r;
    return ref $r ? 1 : $r;
}

sub GetError { my $self = shift; return ref $self ? $self->{last_error} : $Mail::Sender::Error }

1;

__END__

=head1 NAME

MailHelper - the old bridge's Mail::Sender replacement, now Mail::Sender itself

=head1 SYNOPSIS

  use MailHelper;
  (new MailHelper)->OpenMultipart({smtp => 'mail.example.test', from => $from, to => $to, subject => $s})
      ->Attach({description => "file", ctype => 'text/plain', encoding => '7BIT',
                disposition => "attachment; filename=x.txt", file => $path})
      ->Close();                            # croaks with $Mail::Sender::Error on failure
  my $ok = MailHelper->new(smtp => $host)->MailFile({to => $to, from => $from,
      subject => 'x', msg => "see file\n", file => $path});   # 1, or Mail::Sender's negative number

=head1 DESCRIPTION

A subclass of the Mail::Sender facade (F<perl/compat/Mail/Sender.pm>),
loaded through L<CPANBridge::Compat>. What differs from Mail::Sender is what
the old class did: C<new> takes a list or a hash ref and defaults C<smtp> to
localhost; chained methods croak on failure; C<MailMsg>/C<MailFile> return
1 on success; no X-Mailer header; C<GetError>; C<$MailHelper::Error> is
C<$Mail::Sender::Error>. The old class's C<Body({body =E<gt> ...})> still works.
Unlike the old class, the message is composed as Mail::Sender composes it
(parts, encodings, headers) and sent with the daemon's mail.send.

=cut
