# klite-shim: the per-container supervisor of LocalProcessRuntime, in the role of containerd-shim
# (containerd/runtime/v2/shim): it is the container's parent instead of the kubelet's JVM, so the container survives a
# kubelet crash and stays adoptable. It owns the container's stdout/stderr and writes them to the CRI log file (the
# format of containerd's pkg/cri/io/logger.go, as CriLogWriter), records the container's pids in <base>.state and,
# once the container has exited and its log is complete, its wait status in <base>.exit.
#
# With <stdin> 1 (a container with "stdin: true") the container's stdin is the named FIFO <base>.stdin, as
# containerd-shim gives a container its stdin through a FIFO in its bundle: the kubelet's attach writes into it, and a
# restarted kubelet finds it again by its name. The shim holds the FIFO open read-write for as long as the stdin is
# open: a FIFO without writers reads as end of file, and the container must not see one while no client is attached.
# On SIGUSR1 (the kubelet's stdinOnce: the first attach has ended) the shim lets go of the FIFO and removes it, so the
# container reads end of file once the kubelet's own write end is closed too, and nothing can write to it again.
#
# With <tty> 1 (a container with "tty: true", run under util-linux script by the kubelet) output that stays without a
# newline for a moment (a shell's prompt, the terminal's echo of what is being typed) is recorded as a partial (P)
# record, so that attach, which follows the log, shows it at once; log readers join partial records, so the log's
# text is unchanged.
#
# argv: klite-shim <base> <log file> <max bytes> <max files> <nested 0|1> <stdin 0|1> <tty 0|1> <container id> --
# <command...>
# The kubelet starts it through util-linux setsid (its own session: a Ctrl-C to the kubelet's terminal does not reach
# it) and <command> starts with setsid too (the container leads its own session and process group; the kubelet
# signals that group). Only Time::HiRes is loaded: POSIX alone would triple the shim's start-up time (it is loaded for
# mkfifo only when the container has a stdin).
# Protocol on stdout (read by the kubelet, then closed): "ok <pid> <inner pid> <start time in µs since the epoch>" or
# "error <message>".
use strict;
use warnings;
use Time::HiRes ();

use constant WNOHANG => 1;  # <sys/wait.h> on Linux

my ($name, $base, $log, $max_bytes, $max_files, $nested, $stdin, $tty, $id, $sep) = splice(@ARGV, 0, 10);
die "usage: klite-shim <base> <log> <max bytes> <max files> <nested> <stdin> <tty> <id> -- <command...>\n"
    unless defined $sep && $sep eq '--' && @ARGV;

$SIG{PIPE} = 'IGNORE';
$| = 1;

pipe(my $out_r, my $out_w) or fail("pipe: $!");
pipe(my $err_r, my $err_w) or fail("pipe: $!");
# Perl opens pipes close-on-exec: an exec failure is reported back through this one.
pipe(my $exec_r, my $exec_w) or fail("pipe: $!");

my $fifo = $stdin ? "$base.stdin" : undef;
my ($keeper, $stdin_r);
if (defined $fifo) {
  require POSIX;
  unlink $fifo;
  POSIX::mkfifo($fifo, 0600) or fail("mkfifo $fifo: $!");
  # Read-write first: opening a FIFO for reading alone would block until a writer came.
  open($keeper, '+<', $fifo) or fail("open $fifo: $!");
  open($stdin_r, '<', $fifo) or fail("open $fifo: $!");
}
# A terminal without stdin ("tty: true" alone) must not read end of file: script would pass it on to the container as
# the terminal's EOF character, and a shell would exit, where containerd's terminal simply never gets input. Its stdin
# is then a pipe whose write end only the shim holds (perl's pipes are close-on-exec: the container never gets it).
my ($hold_r, $hold_w);
if ($tty && !$stdin) {
  pipe($hold_r, $hold_w) or fail("pipe: $!");
}
# Set before the kubelet can know the shim's pid (the "ok" report): the default action of SIGUSR1 is to terminate.
$SIG{USR1} = \&release_stdin;

my $pid = fork();
fail("fork: $!") unless defined $pid;
if ($pid == 0) {
  close $out_r; close $err_r; close $exec_r;
  open STDOUT, '>&', $out_w or die;
  open STDERR, '>&', $err_w or die;
  if (defined $stdin_r) { open STDIN, '<&', $stdin_r or die; }
  if (defined $hold_r) { open STDIN, '<&', $hold_r or die; }
  $SIG{PIPE} = 'DEFAULT';
  $SIG{USR1} = 'DEFAULT';
  # The container's own PERL* variables, hidden from the shim's perl by the kubelet.
  for my $k (grep { /^KLITE_SHIM_HIDDEN_/ } keys %ENV) {
    $ENV{substr($k, length 'KLITE_SHIM_HIDDEN_')} = delete $ENV{$k};
  }
  { no warnings 'exec'; exec { $ARGV[0] } @ARGV; }
  syswrite $exec_w, "$!";
  exit 127;
}
close $out_w; close $err_w; close $exec_w;
# Only the container reads the FIFO (the shim's read-write end never reads, and goes when the container ends): once
# the container is gone a writer gets EPIPE instead of waiting for room in a buffer nobody reads.
close $stdin_r if defined $stdin_r;
close $hold_r if defined $hold_r;
my $exec_error = '';
sysread $exec_r, $exec_error, 4096;
close $exec_r;
if ($exec_error ne '') {
  waitpid $pid, 0;
  release_stdin();
  print "error $exec_error\n";
  exit 1;
}
my ($started_s, $started_us) = Time::HiRes::gettimeofday();
my $status;
my $finished_us;
my $drain_deadline;

# nsenter (nested) forks the container into the pod's PID namespace: its first child leads the container's group.
my $inner = 0;
if ($nested) {
  my $deadline = Time::HiRes::time() + 5;
  while (Time::HiRes::time() < $deadline) {
    if (open my $c, '<', "/proc/$pid/task/$pid/children") {
      my $line = <$c> // '';
      close $c;
      if ($line =~ /^(\d+)/) { $inner = $1; last; }
    }
    if (waitpid($pid, WNOHANG) == $pid) { reaped($?); last; }
    Time::HiRes::sleep(0.001);
  }
}

my $started = $started_s * 1000000 + $started_us;
write_atomically("$base.state", "id=$id\npid=$pid\ninner=$inner\nshim=$$\nstarted=$started\n");
print "ok $pid $inner $started\n";
open STDOUT, '>', '/dev/null';
open STDERR, '>', '/dev/null';

# A SIGCHLD wakes the select loop through this pipe (a signal that lands just before select is covered by its
# timeout).
pipe(my $wake_r, my $wake_w) or die;
$SIG{CHLD} = sub { syswrite $wake_w, 'c' };

my $log_fh = open_log();
my $size = -s $log_fh || 0;
my $rotations = 0;
my %streams = (fileno($out_r) => ['stdout', $out_r, ''], fileno($err_r) => ['stderr', $err_r, '']);
while (1) {
  if (!defined $status && waitpid($pid, WNOHANG) == $pid) {
    reaped($?);
  }
  my @open = grep { defined $_->[1] } values %streams;
  if (!@open) {
    reaped(waitpid($pid, 0) == $pid ? $? : 255 << 8) unless defined $status;
    last;
  }
  # Output still held open by an escaped process is drained for a bounded time (LocalProcessRuntime.DRAIN_TIMEOUT).
  last if defined $status && Time::HiRes::time() >= $drain_deadline;
  my $rin = '';
  vec($rin, fileno($_->[1]), 1) = 1 for @open;
  vec($rin, fileno($wake_r), 1) = 1;
  my $timeout = defined $status ? $drain_deadline - Time::HiRes::time() : 1;
  $timeout = 0 if $timeout < 0;
  my $pending = $tty && grep { length $_->[2] } @open;
  $timeout = 0.02 if $pending && $timeout > 0.02;
  my $n = select(my $rout = $rin, undef, undef, $timeout);
  if ($n == 0 && $pending) {
    for my $s (@open) {
      record($s->[0], $s->[2], 1) if length $s->[2];
      $s->[2] = '';
    }
  }
  next if $n <= 0;
  if (vec($rout, fileno($wake_r), 1)) { sysread $wake_r, my $junk, 64; }
  for my $s (@open) {
    next unless vec($rout, fileno($s->[1]), 1);
    my $k = sysread $s->[1], my $chunk, 65536;
    if (!$k) {
      record($s->[0], $s->[2], 1) if length $s->[2];
      close $s->[1];
      $s->[1] = undef;
      next;
    }
    my $buf = $s->[2] . $chunk;
    while ((my $nl = index($buf, "\n")) >= 0) {
      my $line = substr($buf, 0, $nl);
      substr($buf, 0, $nl + 1) = '';
      record_line($s->[0], $line);
    }
    while (length($buf) >= 16384) {
      record($s->[0], substr($buf, 0, 16384), 1);
      substr($buf, 0, 16384) = '';
    }
    $s->[2] = $buf;
  }
}
for my $s (values %streams) {
  record($s->[0], $s->[2], 1) if defined $s->[1] && length $s->[2];
}
close $log_fh;
my $code = ($status & 127) ? 128 + ($status & 127) : ($status >> 8);
my $signal = $status & 127;
write_atomically("$base.exit", "code=$code\nsignal=$signal\nfinished=$finished_us\n");
exit 0;

sub reaped {
  $status = shift;
  my ($s, $us) = Time::HiRes::gettimeofday();
  $finished_us = $s * 1000000 + $us;
  # Like a PID namespace whose init died: nothing of the container may outlive its main process.
  kill 'KILL', -($inner || $pid);
  release_stdin();
  $drain_deadline = Time::HiRes::time() + 2;
}

# Closes the container's stdin for good: removes the FIFO (nobody opens it again, a restarted kubelet finds no stdin)
# and drops the shim's write end, after which the container reads end of file once the last writer has closed.
sub release_stdin {
  return unless defined $fifo;
  unlink $fifo;
  close $keeper if defined $keeper;
  $keeper = undef;
}

sub record_line {
  my ($stream, $line) = @_;
  # containerd's default max line size (16 KiB): longer lines become partial records.
  while (length($line) > 16384) {
    record($stream, substr($line, 0, 16384), 1);
    substr($line, 0, 16384) = '';
  }
  record($stream, $line, 0);
}

my ($ts_second, $ts_prefix);
my @gm;
sub record {
  my ($stream, $content, $partial) = @_;
  my ($s, $us) = Time::HiRes::gettimeofday();
  if (!defined $ts_second || $s != $ts_second) {
    $ts_second = $s;
    @gm = gmtime $s;
    $ts_prefix = sprintf('%04d-%02d-%02dT%02d:%02d:%02d', $gm[5] + 1900, $gm[4] + 1, @gm[3, 2, 1, 0]);
  }
  # Go's RFC3339Nano: the fraction without trailing zeros, none at all when zero.
  my $frac = sprintf('%06d', $us);
  $frac =~ s/0+$//;
  my $rec = $ts_prefix . ($frac eq '' ? '' : ".$frac") . "Z $stream " . ($partial ? 'P ' : 'F ') . $content . "\n";
  if ($size > 0 && $size + length($rec) > $max_bytes) {
    rotate();
  }
  syswrite $log_fh, $rec;
  $size += length $rec;
}

sub rotate {
  close $log_fh;
  $rotations++;
  rename $log, "$log.$rotations";
  my $oldest = $rotations - ($max_files - 1);
  unlink "$log.$oldest" if $oldest >= 1;
  $log_fh = open_log();
  $size = 0;
}

sub open_log {
  open my $fh, '>>:raw', $log or die "cannot open $log: $!";
  return $fh;
}

sub write_atomically {
  my ($file, $text) = @_;
  open my $fh, '>', "$file.tmp" or return;
  print $fh $text;
  close $fh;
  rename "$file.tmp", $file;
}

sub fail {
  print "error $_[0]\n";
  exit 1;
}
